import { DiskImageError } from './DiskImageError.js'
import { describeValue } from './describeValue.js'

/** baseName must be a plain file name (no directory part): the image is `out/<baseName>.<ext>`. */
export class InvalidBaseNameError extends DiskImageError<'E_INVALID_BASE_NAME', { value: unknown; reason: string }> {
  constructor(value: unknown, reason: string) {
    super(
      'E_INVALID_BASE_NAME',
      `baseName: ${describeValue(value)} ${reason}; use a plain file name without extension, e.g. "nixos"`,
      { value, reason },
    )
  }
}
