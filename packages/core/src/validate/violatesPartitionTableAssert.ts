import { PARTITION_TABLE_TYPES } from '../options/choices.js'
import type { ResolvedOptions } from '../options/ImageOptions.js'
import { isOneOf } from './isOneOf.js'

// The other types of the family mke2fs makes: real filesystems the reference
// would format without a partition table, so its assert is the right message for
// them. Any other name (btrfs, xfs, a typo) is simply not a type we know.
const OTHER_EXT_TYPES = ['ext2', 'ext3'] as const

/**
 * The reference's assert `partitionTableType != "none" -> fsType == "ext4"`
 * (mkfs with -E offset= is only done for ext4), for ext2/ext3.
 */
export function violatesPartitionTableAssert(options: Pick<ResolvedOptions, 'partitionTableType' | 'fsType'>): boolean {
  const { partitionTableType: layout, fsType } = options
  return isOneOf(layout, PARTITION_TABLE_TYPES) && layout !== 'none' && isOneOf(fsType, OTHER_EXT_TYPES)
}
