import { DiskImageError } from './DiskImageError.js'
import { describeValue } from './describeValue.js'

/**
 * An option that takes one of a fixed set of words (partitionTableType, format,
 * fsType) holds something else. The reference checks only partitionTableType
 * (lib.assertOneOf); an unknown format or fsType there fails late, inside the build.
 */
export class InvalidChoiceError extends DiskImageError<'E_INVALID_CHOICE', { option: string; value: unknown; allowed: readonly string[] }> {
  constructor(option: string, value: unknown, allowed: readonly string[]) {
    const list = allowed.map((a) => JSON.stringify(a)).join(', ')
    super('E_INVALID_CHOICE', `${option}: ${describeValue(value)} is not supported; use one of ${list}`, { option, value, allowed })
  }
}
