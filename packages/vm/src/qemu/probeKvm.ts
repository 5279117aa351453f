import { spawn } from 'node:child_process'
import { rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { KVM_PROBE_MESSAGE, kvmProbeRom } from './kvmProbeRom.js'

/** The probe prints within milliseconds; this only bounds a wedged QEMU. */
const PROBE_TIMEOUT_MS = 10_000

/**
 * Boots {@link kvmProbeRom} with KVM (or `accel`, for testing the probe itself) and the same machine
 * and CPU model as our VMs; true when its message arrives on the serial port.
 */
export async function probeKvm(qemu: string, accel: 'kvm' | 'tcg' = 'kvm'): Promise<boolean> {
  const rom = join(tmpdir(), `diskimage-kvm-probe-${process.pid}-${Date.now()}.rom`)
  await writeFile(rom, kvmProbeRom())
  try {
    return await new Promise<boolean>((resolve) => {
      const args = ['-nodefaults', '-no-user-config', '-display', 'none', '-machine', `q35,accel=${accel}`, '-cpu', accel === 'kvm' ? 'host' : 'max', '-m', '16', '-serial', 'stdio', '-bios', rom]
      const child = spawn(qemu, args, { stdio: ['ignore', 'pipe', 'ignore'] })
      let output = ''
      const timer = setTimeout(() => child.kill('SIGKILL'), PROBE_TIMEOUT_MS)
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString('latin1')
        if (output.includes(KVM_PROBE_MESSAGE)) child.kill('SIGKILL')
      })
      child.on('error', () => resolve(false))
      child.on('close', () => {
        clearTimeout(timer)
        resolve(output.includes(KVM_PROBE_MESSAGE))
      })
    })
  } finally {
    await rm(rom, { force: true })
  }
}
