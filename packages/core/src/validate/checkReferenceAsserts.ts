import type { DiskImageError } from '../errors/DiskImageError.js'
import { LayoutMismatchError } from '../errors/LayoutMismatchError.js'
import { MissingRootFsUidError } from '../errors/MissingRootFsUidError.js'
import { OnlyNixStoreConflictError } from '../errors/OnlyNixStoreConflictError.js'
import { PartitionTableNeedsExt4Error } from '../errors/PartitionTableNeedsExt4Error.js'
import { EFI_VARS_LAYOUTS, PARTITION_TABLE_TYPES } from '../options/choices.js'
import type { ResolvedOptions } from '../options/ImageOptions.js'
import { isOneOf } from './isOneOf.js'
import { violatesPartitionTableAssert } from './violatesPartitionTableAssert.js'

/**
 * The asserts of make-disk-image.nix that relate options to each other, in its
 * order (the contents user/group assert is in checkContents). Each fires only when
 * the options it compares have valid values, so an unknown layout is reported
 * once, by checkChoices.
 */
export function checkReferenceAsserts(options: ResolvedOptions): DiskImageError[] {
  const issues: DiskImageError[] = []
  const { fsType, partitionTableType: layout } = options
  const knownLayout = isOneOf(layout, PARTITION_TABLE_TYPES)
  if (fsType === 'ext4' && options.deterministic === true && options.rootFSUID === null) {
    issues.push(new MissingRootFsUidError(fsType))
  }
  if (violatesPartitionTableAssert(options)) {
    issues.push(new PartitionTableNeedsExt4Error(fsType, layout))
  }
  if (knownLayout && options.touchEFIVars === true && !isOneOf(layout, EFI_VARS_LAYOUTS)) {
    issues.push(new LayoutMismatchError('touchEFIVars', true, layout, EFI_VARS_LAYOUTS))
  }
  if (options.onlyNixStore === true) {
    const conflicting: string[] = []
    if (Array.isArray(options.contents) && options.contents.length > 0) conflicting.push('contents')
    if (options.configFile !== null) conflicting.push('configFile')
    if (options.installBootLoader === true) conflicting.push('installBootLoader')
    if (conflicting.length > 0) issues.push(new OnlyNixStoreConflictError(conflicting))
  }
  return issues
}
