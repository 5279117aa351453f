import { VmError } from './VmError.js'

/** The bootloader installer command ran in the VM and exited with a non-zero status. */
export class GuestCommandFailedError extends VmError<'E_GUEST_COMMAND_FAILED', { command: string; exitStatus: number; serialLog: string }> {
  constructor(command: string, exitStatus: number, serialLog: string) {
    super(
      'E_GUEST_COMMAND_FAILED',
      `The bootloader command \`${command}\` exited with status ${exitStatus} in the VM; fix the command or the image ` +
        `contents it needs. Last lines of the VM's serial console:\n${serialLog}`,
      { command, exitStatus, serialLog },
    )
  }
}
