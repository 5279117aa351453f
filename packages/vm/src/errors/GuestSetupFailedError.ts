import { VmError } from './VmError.js'

/** The helper VM's init could not prepare the chroot (load a module, find a partition, mount a filesystem). */
export class GuestSetupFailedError extends VmError<'E_GUEST_SETUP_FAILED', { step: string; serialLog: string }> {
  constructor(step: string, serialLog: string) {
    super(
      'E_GUEST_SETUP_FAILED',
      `The helper VM failed at "${step}" before running the command: check the mounts option (partition numbers ` +
        `and fsType) and that the kernel matches modulesDir. Last lines of the VM's serial console:\n${serialLog}`,
      { step, serialLog },
    )
  }
}
