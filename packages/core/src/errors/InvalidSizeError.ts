import { DiskImageError } from './DiskImageError.js'
import { describeValue } from './describeValue.js'

/**
 * A size or count that parses but is out of range: negative, not an integer,
 * zero where something must exist. `allowed` says what the option accepts.
 */
export class InvalidSizeError extends DiskImageError<'E_INVALID_SIZE', { option: string; value: unknown; allowed: string }> {
  constructor(option: string, value: unknown, allowed: string) {
    super('E_INVALID_SIZE', `${option}: ${describeValue(value)} is not allowed; it must be ${allowed}`, { option, value, allowed })
  }
}
