import { DiskImageError } from './DiskImageError.js'

/**
 * The reference's assert: with a partition table the filesystem is written at an
 * offset (`mkfs.ext4 -E offset=`), which only ext4 is built for there.
 */
export class PartitionTableNeedsExt4Error extends DiskImageError<'E_PARTITION_TABLE_NEEDS_EXT4', { fsType: string; partitionTableType: string }> {
  constructor(fsType: string, partitionTableType: string) {
    super(
      'E_PARTITION_TABLE_NEEDS_EXT4',
      `fsType: ${JSON.stringify(fsType)} cannot be used with a partition table (partitionTableType ${JSON.stringify(partitionTableType)}); ` +
        'use fsType "ext4"',
      { fsType, partitionTableType },
    )
  }
}
