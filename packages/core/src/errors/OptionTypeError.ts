import { DiskImageError } from './DiskImageError.js'
import { describeValue } from './describeValue.js'

/** An option holds a value of the wrong JavaScript/JSON type (e.g. a string where a boolean belongs). */
export class OptionTypeError extends DiskImageError<'E_OPTION_TYPE', { option: string; value: unknown; expected: string }> {
  constructor(option: string, value: unknown, expected: string) {
    super('E_OPTION_TYPE', `${option}: ${describeValue(value)} is not allowed; it must be ${expected}`, { option, value, expected })
  }
}
