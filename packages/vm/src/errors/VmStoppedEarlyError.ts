import { VmError } from './VmError.js'

/** QEMU exited before the guest reported what it was expected to (a crash, a kernel panic, a bad QEMU option). */
export class VmStoppedEarlyError extends VmError<
  'E_VM_STOPPED_EARLY',
  { waitingFor: string; exitCode: number | null; signal: string | null; qemuStderr: string; serialLog: string }
> {
  constructor(waitingFor: string, exitCode: number | null, signal: string | null, qemuStderr: string, serialLog: string) {
    super(
      'E_VM_STOPPED_EARLY',
      `QEMU stopped (${signal ?? `exit ${exitCode}`}) before ${waitingFor}: check the kernel, firmware and image options. ` +
        `QEMU said: ${qemuStderr.trim() || '(nothing)'}\nLast lines of the VM's serial console:\n${serialLog}`,
      { waitingFor, exitCode, signal, qemuStderr, serialLog },
    )
  }
}
