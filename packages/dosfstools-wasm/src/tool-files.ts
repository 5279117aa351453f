import { fileURLToPath } from 'node:url'

/** dosfstools programs, each its own WebAssembly module. */
export type DosfstoolsTool = 'mkfs.fat' | 'fsck.fat' | 'fatlabel'

/**
 * mtools applets. mtools is ONE program that dispatches on argv[0], so every applet runs
 * mtools.wasm with argv[0] set to the applet's name.
 */
export type MtoolsApplet = 'mcopy' | 'mmd' | 'mdir' | 'mattrib' | 'mlabel' | 'mdel' | 'mdeltree' | 'mrd' | 'mtype' | 'minfo'

export type DosfsTool = DosfstoolsTool | MtoolsApplet

export const dosfstoolsTools: readonly DosfstoolsTool[] = ['mkfs.fat', 'fsck.fat', 'fatlabel']
export const mtoolsApplets: readonly MtoolsApplet[] = [
  'mcopy', 'mmd', 'mdir', 'mattrib', 'mlabel', 'mdel', 'mdeltree', 'mrd', 'mtype', 'minfo',
]

// Resolved from this file, so the paths hold from src/ (tests) and from dist/ (installed).
const packageFile = (relative: string): string => fileURLToPath(new URL(`../${relative}`, import.meta.url))

/** The mtools configuration passed as MTOOLSRC: empty, so mtools' defaults apply everywhere. */
export const mtoolsrcPath = packageFile('share/mtoolsrc')

/** Whether `name` is a tool this package runs (for callers holding a plain string). */
export function isDosfsTool(name: string): name is DosfsTool {
  return (dosfstoolsTools as readonly string[]).includes(name) || (mtoolsApplets as readonly string[]).includes(name)
}

/** The emscripten glue (.cjs) and module (.wasm) that run `tool`. */
export function toolFiles(tool: DosfsTool): { script: string; wasm: string } {
  const module = (mtoolsApplets as readonly string[]).includes(tool) ? 'mtools' : tool
  return { script: packageFile(`wasm/${module}.cjs`), wasm: packageFile(`wasm/${module}.wasm`) }
}
