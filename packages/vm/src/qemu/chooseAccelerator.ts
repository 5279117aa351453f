import { constants } from 'node:fs'
import { access } from 'node:fs/promises'

/** How QEMU runs the guest: KVM (hardware, fast) or TCG (emulation, works everywhere, 10-50x slower). */
export type Accelerator = 'kvm' | 'tcg'

/**
 * Resolves 'auto' to KVM when this is an x86-64 Linux host and /dev/kvm can be opened read-write by
 * us (the usual reason it cannot: the user is not in the kvm group, or we are in a VM without nested
 * virtualisation), TCG otherwise.
 */
export async function chooseAccelerator(choice: Accelerator | 'auto' = 'auto'): Promise<Accelerator> {
  if (choice !== 'auto') return choice
  if (process.platform !== 'linux' || process.arch !== 'x64') return 'tcg'
  const usable = await access('/dev/kvm', constants.R_OK | constants.W_OK).then(() => true, () => false)
  return usable ? 'kvm' : 'tcg'
}
