import type { DiskImageError } from '../errors/DiskImageError.js'
import { InvalidBaseNameError } from '../errors/InvalidBaseNameError.js'
import { InvalidGuidError } from '../errors/InvalidGuidError.js'
import { LabelTooLongError } from '../errors/LabelTooLongError.js'
import { FS_TYPES } from '../options/choices.js'
import type { ResolvedOptions } from '../options/ImageOptions.js'
import { isOneOf } from './isOneOf.js'
import { isGuid } from './isGuid.js'

/** s_volume_name of the ext2/3/4 superblock. */
export const EXT_LABEL_MAX_BYTES = 16

/**
 * Names written into the image: GUIDs (rootFSUID may be null, which the
 * reference's own assert judges), the filesystem label, and the file name.
 */
export function checkIdentifiers(options: ResolvedOptions): DiskImageError[] {
  const issues: DiskImageError[] = []
  if (!isGuid(options.rootGPUID)) issues.push(new InvalidGuidError('rootGPUID', options.rootGPUID))
  // rootFSUID defaults to rootGPUID: the same bad value is reported once.
  if (options.rootFSUID !== null && options.rootFSUID !== options.rootGPUID && !isGuid(options.rootFSUID)) issues.push(new InvalidGuidError('rootFSUID', options.rootFSUID))
  const { label, baseName } = options
  if (typeof label === 'string' && isOneOf(options.fsType, FS_TYPES)) {
    const bytes = Buffer.byteLength(label, 'utf8')
    if (bytes > EXT_LABEL_MAX_BYTES) issues.push(new LabelTooLongError(label, bytes, EXT_LABEL_MAX_BYTES))
  }
  if (typeof baseName === 'string') {
    if (baseName === '') issues.push(new InvalidBaseNameError(baseName, 'is empty'))
    else if (baseName.includes('/')) issues.push(new InvalidBaseNameError(baseName, "contains '/'"))
    else if (baseName.includes('\0')) issues.push(new InvalidBaseNameError(baseName, 'contains a NUL character'))
  }
  return issues
}
