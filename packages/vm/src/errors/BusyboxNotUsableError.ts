import { VmError } from './VmError.js'

/** The busybox given (or found on the host) is missing or dynamically linked, so it cannot run from our initramfs. */
export class BusyboxNotUsableError extends VmError<'E_BUSYBOX_NOT_USABLE', { path: string; reason: 'missing' | 'not-elf' | 'dynamic' }> {
  constructor(path: string, reason: 'missing' | 'not-elf' | 'dynamic') {
    const why = { missing: 'does not exist', 'not-elf': 'is not an x86-64 ELF executable', dynamic: 'is dynamically linked' }[reason]
    super(
      'E_BUSYBOX_NOT_USABLE',
      `${path} ${why}: the helper VM needs a static busybox (Debian/Ubuntu: apt-get install busybox-static) ` +
        'or the busybox option pointing at one.',
      { path, reason },
    )
  }
}
