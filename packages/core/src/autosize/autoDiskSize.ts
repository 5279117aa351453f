import type { IecSize } from '../options/ImageOptions.js'
import type { PartitionTableType } from '../options/choices.js'
import { roundedBootSize } from '../sizes/roundedBootSize.js'
import { roundToNearest } from '../sizes/roundToNearest.js'
import { sizeOptionBytes } from '../sizes/sizeOptionBytes.js'
import { FS_BLOCK_SIZE, MEBIBYTE } from '../sizes/units.js'
import { reservedSpace } from './reservedSpace.js'
import type { TreeScan } from './scanTree.js'

/** The reference's automatic size and the steps it prints on the way ("Automatic disk size..."), in bytes. */
export interface AutoDiskSize {
  /** "Closure space use": (blocks + 2 per entry) × 4096. */
  diskUsage: bigint
  /** diskUsage × 52 / 1000, for ext4's reserved blocks. */
  fudge: bigint
  /** "Filesystem size needed": round_to_nearest(diskUsage + fudge, 4096). */
  requiredFilesystemSpace: bigint
  /** What lies outside the root filesystem (partition table, boot partitions). */
  reservedSpace: bigint
  /** "Additional space": additionalSpace + reservedSpace. */
  additionalSpace: bigint
  /** "Disk image size": round_to_nearest(required + additional, 1MiB). Always a whole number of MiB. */
  diskSize: bigint
}

/** The options the auto size depends on (already validated). */
export interface AutoDiskSizeOptions {
  partitionTableType: PartitionTableType
  bootSize: IecSize
  additionalSpace: IecSize
}

/**
 * The reference's `diskSize = "auto"` computation, step by step, from a scan
 * summary (pure; get the summary from `scanTree`, or `scanImageTree`). Like the
 * reference, inodes are charged two 4 KiB blocks each and every round_to_nearest
 * adds a whole unit even when aligned.
 */
export function autoDiskSize(scan: Pick<TreeScan, 'entries' | 'blocks'>, options: AutoDiskSizeOptions): AutoDiskSize {
  const diskUsage = (BigInt(scan.blocks) + 2n * BigInt(scan.entries)) * FS_BLOCK_SIZE
  const fudge = (diskUsage * 52n) / 1000n
  const requiredFilesystemSpace = roundToNearest(diskUsage + fudge, FS_BLOCK_SIZE)
  const reserved = reservedSpace(options.partitionTableType, roundedBootSize(options.bootSize))
  const additionalSpace = sizeOptionBytes(options.additionalSpace) + reserved
  const diskSize = roundToNearest(requiredFilesystemSpace + additionalSpace, MEBIBYTE)
  return { diskUsage, fudge, requiredFilesystemSpace, reservedSpace: reserved, additionalSpace, diskSize }
}
