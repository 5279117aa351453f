import { DiskImageError } from '../../errors/DiskImageError.js'

/** The disk is too small for the layout's partitions: the root partition would be empty or negative. */
export class DiskTooSmallError extends DiskImageError<
  'E_DISK_TOO_SMALL',
  { partitionTableType: string; diskBytes: number; minimumDiskBytes: number }
> {
  constructor(partitionTableType: string, diskBytes: number, minimumDiskBytes: number) {
    super(
      'E_DISK_TOO_SMALL',
      `diskSize ${diskBytes / 1048576} MiB is too small for partitionTableType "${partitionTableType}" with this bootSize: ` +
        `the root partition would be empty. Set diskSize to at least ${minimumDiskBytes / 1048576} MiB, or lower bootSize.`,
      { partitionTableType, diskBytes, minimumDiskBytes },
    )
  }
}
