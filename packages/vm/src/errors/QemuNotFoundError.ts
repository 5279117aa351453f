import { VmError } from './VmError.js'

/** qemu-system-x86_64 is not installed (or not where the caller said). */
export class QemuNotFoundError extends VmError<'E_QEMU_NOT_FOUND', { binary: string; searched: string[] }> {
  constructor(binary: string, searched: string[]) {
    super(
      'E_QEMU_NOT_FOUND',
      `${binary} was not found (looked in ${searched.join(', ') || 'nothing'}): install it ` +
        '(Debian/Ubuntu: apt-get install qemu-system-x86; macOS: brew install qemu) or pass qemuBinary.',
      { binary, searched },
    )
  }
}
