import { DiskImageError } from './DiskImageError.js'
import { describeValue } from './describeValue.js'

/** A contents entry's `mode` is not an octal permission string like "755" or "0644". */
export class InvalidModeError extends DiskImageError<'E_INVALID_MODE', { option: string; value: unknown }> {
  constructor(option: string, value: unknown) {
    super(
      'E_INVALID_MODE',
      `${option}: ${describeValue(value)} is not an octal mode; write 3 or 4 octal digits as a string, e.g. "755" or "0644"`,
      { option, value },
    )
  }
}
