import { UnknownOptionError } from '../errors/UnknownOptionError.js'
import { isOptionName } from './optionNames.js'
import { suggestOptionName } from './suggestOptionName.js'

/** One `UnknownOptionError` (with the nearest valid name) per key that is not an option. */
export function findUnknownOptions(options: object): UnknownOptionError[] {
  return Object.keys(options)
    .filter((key) => !isOptionName(key))
    .map((key) => new UnknownOptionError(key, suggestOptionName(key)))
}
