import { DiskImageError } from '../../errors/DiskImageError.js'

/** An msdos layout on a disk whose root partition would exceed 2^32 - 1 sectors (parted refuses it too). */
export class MsdosDiskTooLargeError extends DiskImageError<
  'E_MSDOS_DISK_TOO_LARGE',
  { partitionTableType: string; diskBytes: number; maximumDiskBytes: number }
> {
  constructor(partitionTableType: string, diskBytes: number, maximumDiskBytes: number) {
    super(
      'E_MSDOS_DISK_TOO_LARGE',
      `diskSize ${diskBytes / 1048576} MiB is too large for partitionTableType "${partitionTableType}": an msdos table ` +
        `cannot hold a partition of 2^32 or more sectors (2 TiB). Set diskSize to at most ${maximumDiskBytes / 1048576} MiB, ` +
        'or use a GPT layout ("legacy+gpt", "efi", "efixbootldr" or "hybrid").',
      { partitionTableType, diskBytes, maximumDiskBytes },
    )
  }
}
