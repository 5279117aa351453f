import { basename } from 'node:path'
import { type CpioEntry, writeCpioNewc } from '../cpio/writeCpioNewc.js'
import { COMMAND_PATH, type GuestPlan } from './GuestPlan.js'
import { readModuleFile } from './readModuleFile.js'
import type { ModuleToLoad } from './resolveModuleLoadOrder.js'
import { INIT_APPLETS, renderInitScript } from './renderInitScript.js'

/** Inputs of {@link buildInitramfs}, all resolved and validated by the caller. */
export interface InitramfsInput {
  /** Bytes of a static busybox. */
  busybox: Uint8Array
  /** /lib/modules/<version> of the kernel the VM boots. */
  modulesDir: string
  /** Module files (as modules.dep names them) in load order. */
  modules: ModuleToLoad[]
  /** The shell command run chrooted in the image. */
  command: string
  /** The rest of the guest's plan (modules are filled in here). */
  plan: Omit<GuestPlan, 'modules'>
}

const directory = (path: string): CpioEntry => ({ type: 'directory', path, mode: 0o755 })

/**
 * Assembles the helper VM's initramfs: busybox and its applet links, the modules (numbered in load
 * order so the listing shows it), /init, the command file, and /dev/console (the kernel opens it for
 * init's stdout before anything mounts /dev). Deterministic for the same inputs apart from the plan's
 * nonce.
 */
export async function buildInitramfs(input: InitramfsInput): Promise<Buffer> {
  const modules = await Promise.all(
    input.modules.map(async ({ path, required }, index) => ({
      path: `lib/modules/${String(index).padStart(3, '0')}-${basename(path).replace(/\.gz$/, '')}`,
      required,
      data: await readModuleFile(input.modulesDir, path),
    })),
  )
  const plan: GuestPlan = { ...input.plan, modules: modules.map(({ path, required }) => ({ path, required })) }
  const entries: CpioEntry[] = [
    ...['bin', 'dev', 'diskimage', 'lib', 'lib/modules', 'mnt', 'proc', 'sys', 'tmp'].map(directory),
    { type: 'char-device', path: 'dev/console', mode: 0o600, major: 5, minor: 1 },
    { type: 'file', path: 'bin/busybox', mode: 0o755, data: input.busybox },
    ...INIT_APPLETS.map((applet): CpioEntry => ({ type: 'symlink', path: `bin/${applet}`, target: 'busybox' })),
    ...modules.map((m): CpioEntry => ({ type: 'file', path: m.path, mode: 0o644, data: m.data })),
    { type: 'file', path: 'init', mode: 0o755, data: Buffer.from(renderInitScript(plan)) },
    { type: 'file', path: COMMAND_PATH, mode: 0o644, data: Buffer.from(input.command) },
  ]
  return writeCpioNewc(entries)
}
