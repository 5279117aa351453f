import type { DiskImageError } from '../errors/DiskImageError.js'
import { CompressionFormatError } from '../errors/CompressionFormatError.js'
import { InvalidChoiceError } from '../errors/InvalidChoiceError.js'
import { COMPRESSION_FORMATS, COMPRESSIONS, FS_TYPES, IMAGE_FORMATS, PARTITION_TABLE_TYPES } from '../options/choices.js'
import type { ResolvedOptions } from '../options/ImageOptions.js'
import { isOneOf } from './isOneOf.js'
import { violatesPartitionTableAssert } from './violatesPartitionTableAssert.js'

/**
 * partitionTableType (the reference's assertOneOf), format, fsType and
 * compression (or null) must be known words, and compression one the format
 * uses. ext2/ext3 with a partition table are left to the reference's own
 * assert (checkReferenceAsserts), which explains them better.
 */
export function checkChoices(options: ResolvedOptions): DiskImageError[] {
  const issues: DiskImageError[] = []
  if (!isOneOf(options.partitionTableType, PARTITION_TABLE_TYPES)) {
    issues.push(new InvalidChoiceError('partitionTableType', options.partitionTableType, PARTITION_TABLE_TYPES))
  }
  if (!isOneOf(options.format, IMAGE_FORMATS)) issues.push(new InvalidChoiceError('format', options.format, IMAGE_FORMATS))
  if (!isOneOf(options.fsType, FS_TYPES) && !violatesPartitionTableAssert(options)) issues.push(new InvalidChoiceError('fsType', options.fsType, FS_TYPES))
  const { compression, format } = options
  if (compression !== null && !isOneOf(compression, COMPRESSIONS)) issues.push(new InvalidChoiceError('compression', compression, COMPRESSIONS))
  else if (compression !== null && isOneOf(format, IMAGE_FORMATS) && !COMPRESSION_FORMATS[compression].includes(format)) {
    issues.push(new CompressionFormatError(compression, format, COMPRESSION_FORMATS[compression]))
  }
  return issues
}
