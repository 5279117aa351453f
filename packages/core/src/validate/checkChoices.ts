import type { DiskImageError } from '../errors/DiskImageError.js'
import { InvalidChoiceError } from '../errors/InvalidChoiceError.js'
import { FS_TYPES, IMAGE_FORMATS, PARTITION_TABLE_TYPES } from '../options/choices.js'
import type { ResolvedOptions } from '../options/ImageOptions.js'

/** Whether `value` is one of `allowed` (a type guard usable on unchecked input). */
export function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return (allowed as readonly unknown[]).includes(value)
}

/**
 * partitionTableType (the reference's assertOneOf), format and fsType must be
 * known words. A string fsType other than ext4 with a partition table is left to
 * the reference's own assert (checkReferenceAsserts), which explains it better.
 */
export function checkChoices(options: ResolvedOptions): DiskImageError[] {
  const issues: DiskImageError[] = []
  if (!isOneOf(options.partitionTableType, PARTITION_TABLE_TYPES)) {
    issues.push(new InvalidChoiceError('partitionTableType', options.partitionTableType, PARTITION_TABLE_TYPES))
  }
  if (!isOneOf(options.format, IMAGE_FORMATS)) issues.push(new InvalidChoiceError('format', options.format, IMAGE_FORMATS))
  const withTable = isOneOf(options.partitionTableType, PARTITION_TABLE_TYPES) && options.partitionTableType !== 'none'
  const leftToAssert = withTable && typeof options.fsType === 'string'
  if (!isOneOf(options.fsType, FS_TYPES) && !leftToAssert) issues.push(new InvalidChoiceError('fsType', options.fsType, FS_TYPES))
  return issues
}
