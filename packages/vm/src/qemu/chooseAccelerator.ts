import { constants } from 'node:fs'
import { access } from 'node:fs/promises'
import { probeKvm } from './probeKvm.js'

/** How QEMU runs the guest: KVM (hardware, fast) or TCG (emulation, works everywhere, 10-50x slower). */
export type Accelerator = 'kvm' | 'tcg'

const probes = new Map<string, Promise<boolean>>()

/**
 * Resolves 'auto' to KVM when this is an x86-64 Linux host, /dev/kvm can be opened read-write by us
 * (usual reasons it cannot: not in the kvm group, a VM without nested virtualisation) and QEMU really
 * runs a vCPU with it (some nested hosts open /dev/kvm but abort on the CPU model); TCG otherwise.
 * The probe runs once per QEMU binary and process.
 */
export async function chooseAccelerator(choice: Accelerator | 'auto', qemu: string): Promise<Accelerator> {
  if (choice !== 'auto') return choice
  if (process.platform !== 'linux' || process.arch !== 'x64') return 'tcg'
  const openable = await access('/dev/kvm', constants.R_OK | constants.W_OK).then(() => true, () => false)
  if (!openable) return 'tcg'
  let probe = probes.get(qemu)
  if (!probe) probes.set(qemu, (probe = probeKvm(qemu)))
  return (await probe) ? 'kvm' : 'tcg'
}
