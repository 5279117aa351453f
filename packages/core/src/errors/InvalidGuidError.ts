import { DiskImageError } from './DiskImageError.js'
import { describeValue } from './describeValue.js'

/**
 * rootGPUID / rootFSUID is not a GUID in 8-4-4-4-12 hex form. sgdisk would read a
 * malformed one two characters at a time and write something else (that is how
 * the reference's disk GUID got mangled); tune2fs -U would also take "random".
 */
export class InvalidGuidError extends DiskImageError<'E_INVALID_GUID', { option: string; value: unknown }> {
  constructor(option: string, value: unknown) {
    super(
      'E_INVALID_GUID',
      `${option}: ${describeValue(value)} is not a GUID; write 32 hex digits as 8-4-4-4-12, e.g. "F222513B-DED1-49FA-B591-20CE86A2FE7F"`,
      { option, value },
    )
  }
}
