import { DiskImageError } from '../../errors/DiskImageError.js'

/** The disk size is not a whole number of MiB, which the reference never produces and parted aligns differently. */
export class DiskSizeNotAlignedError extends DiskImageError<'E_DISK_SIZE_NOT_ALIGNED', { diskBytes: number }> {
  constructor(diskBytes: number) {
    super(
      'E_DISK_SIZE_NOT_ALIGNED',
      `The disk size ${diskBytes} bytes is not a positive whole number of MiB: give diskSize in MiB (or "auto", which rounds to MiB).`,
      { diskBytes },
    )
  }
}
