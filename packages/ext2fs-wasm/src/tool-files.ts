import { fileURLToPath } from 'node:url'

/** The e2fsprogs programs this package ships, built to WebAssembly. */
export type Ext2fsTool = 'mke2fs' | 'tune2fs' | 'e2fsck' | 'debugfs'

export const ext2fsTools: readonly Ext2fsTool[] = ['mke2fs', 'tune2fs', 'e2fsck', 'debugfs']

// Resolved from this file, so the paths hold from src/ (tests) and from dist/ (installed).
const packageFile = (relative: string): string => fileURLToPath(new URL(`../${relative}`, import.meta.url))

/** The mke2fs.conf passed to every run as MKE2FS_CONFIG (features chosen for GRUB 2.06 + Linux 5.10). */
export const mke2fsConfigPath = packageFile('config/mke2fs.conf')

/** An empty e2fsck.conf passed as E2FSCK_CONFIG, so the host's /etc/e2fsck.conf is never read. */
export const e2fsckConfigPath = packageFile('config/e2fsck.conf')

/** The emscripten glue (.cjs) and module (.wasm) of one tool. */
export function toolFiles(tool: Ext2fsTool): { script: string; wasm: string } {
  return { script: packageFile(`wasm/${tool}.cjs`), wasm: packageFile(`wasm/${tool}.wasm`) }
}
