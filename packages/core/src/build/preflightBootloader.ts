import { access } from 'node:fs/promises'
import { join } from 'node:path'
import { NixosSystemIncompleteError } from '../errors/NixosSystemIncompleteError.js'
import type { BuildPlan } from './buildPlan.js'
import { type BootKernel, nixosKernel } from '../nixos/nixosSystemPaths.js'

/**
 * What the VM step needs from the host and the tree, looked for before anything is written: QEMU, and
 * the kernel the VM boots (the system's for a NixOS image, else the root tree's) with its modules.
 * Otherwise a missing `qemu-system-x86` or kernel package would only show after the file systems
 * were written. Returns the kernel files (undefined without a VM step), which the step then boots.
 *
 * @throws QemuNotFoundError, KernelNotFoundError (the root tree has no kernel), NixosSystemIncompleteError
 *   (the system's kernel links lead nowhere in the host store).
 */
export async function preflightBootloader(plan: BuildPlan): Promise<BootKernel | undefined> {
  const step = plan.bootLoader
  if (!step) return undefined
  const { findKernel, findQemu } = await import('@diskimage/vm') // loaded by the builds with a VM step only
  await findQemu()
  if (step.nixos) {
    // The validation saw the toplevel's links; here they must lead to a kernel and a modules.dep in the host store.
    const { hostStore, toplevel } = step.nixos
    const { kernel, modulesDir } = nixosKernel(hostStore, toplevel)
    const exists = (path: string) => access(path).then(() => true, () => false)
    const missing = [
      ...((await exists(kernel)) ? [] : [`kernel (${kernel})`]),
      ...((await exists(join(modulesDir, 'modules.dep'))) ? [] : [`kernel-modules/lib/modules/<version>/modules.dep (${modulesDir})`]),
    ]
    if (missing.length > 0) throw new NixosSystemIncompleteError(toplevel, hostStore, missing)
    return { kernel, modulesDir }
  }
  // Without NixOS the root tree is required (validation), and holds the kernel (also with onlyNixStore,
  // where the image holds only the tree's nix/store).
  const { kernel, modulesDir } = await findKernel(plan.root!)
  return { kernel, modulesDir }
}
