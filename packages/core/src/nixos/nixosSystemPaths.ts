import { lstatSync, readdirSync, readlinkSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { STORE_DIR, storeBaseName } from '@diskimage/nix/store-path'

/** The kernel a VM step boots and the directory of its modules (lib/modules/<version>). */
export interface BootKernel {
  kernel: string
  modulesDir: string
}

/** What the bootloader step of a NixOS image needs from its system (config.system.build.toplevel). */
export const NIXOS_BOOTLOADER_NEEDS = ['kernel', 'kernel-modules', 'bin/switch-to-configuration'] as const

/** The system profile nixos-install makes, and the reference's installer below it. */
export const NIXOS_SYSTEM_PROFILE = '/nix/var/nix/profiles/system'
export const NIXOS_INSTALL_COMMAND = `NIXOS_INSTALL_BOOTLOADER=1 ${NIXOS_SYSTEM_PROFILE}/bin/switch-to-configuration boot`

/** The entries of `needs` the toplevel lacks in the host store (a symlink counts: it points into the store). */
export function missingFromToplevel(hostStore: string, toplevel: string, needs: readonly string[]): string[] {
  return needs.filter((entry) => {
    try {
      lstatSync(join(hostStore, storeBaseName(toplevel), entry))
      return false
    } catch {
      return true
    }
  })
}

/**
 * Follows symlinks the way the system would see them, but in the host store: a link to
 * /nix/store/<name>/… is read at <hostStore>/<name>/… (a store may sit elsewhere, e.g. a chroot store).
 */
function resolveInStore(hostStore: string, path: string): string {
  let current = path
  for (let hops = 0; hops < 40; hops++) {
    let target: string
    try {
      if (!lstatSync(current).isSymbolicLink()) return current
      target = readlinkSync(current)
    } catch {
      return current
    }
    current = target.startsWith(`${STORE_DIR}/`) ? join(hostStore, target.slice(STORE_DIR.length + 1)) : resolve(dirname(current), target)
  }
  return current
}

/**
 * The kernel the VM boots for a NixOS image, and its modules: the system's `kernel` (bzImage) and
 * `kernel-modules/lib/modules/<version>` (the one with modules.dep), read from the host store.
 */
export function nixosKernel(hostStore: string, toplevel: string): BootKernel {
  const system = join(hostStore, storeBaseName(toplevel))
  const kernel = resolveInStore(hostStore, join(system, 'kernel'))
  const modulesRoot = join(resolveInStore(hostStore, join(system, 'kernel-modules')), 'lib/modules')
  const versions = readdirSync(modulesRoot).filter((v) => {
    try {
      return lstatSync(resolveInStore(hostStore, join(modulesRoot, v, 'modules.dep'))).isFile()
    } catch {
      return false
    }
  })
  // A system has modules for one kernel; should there be more, the newest name wins, as findKernel's does.
  const version = versions.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).at(-1)
  return { kernel, modulesDir: resolveInStore(hostStore, join(modulesRoot, version ?? 'none')) }
}
