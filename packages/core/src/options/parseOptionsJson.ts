import { InvalidOptionsError } from '../errors/InvalidOptionsError.js'
import { OptionsJsonError } from '../errors/OptionsJsonError.js'
import { findUnknownOptions } from './findUnknownOptions.js'
import type { ImageOptions } from './ImageOptions.js'

/**
 * Reads the JSON form of the options (the CLI's `--options FILE`): one object with
 * the same keys as `ImageOptions`. Only the shape is checked here — JSON syntax,
 * an object at the top, no unknown keys (each named with the nearest valid one);
 * the values are checked by `validateOptions` after `resolveOptions`.
 *
 * @param input JSON text, or an already parsed value.
 * @throws OptionsJsonError for bad JSON or a non-object; InvalidOptionsError listing every unknown key.
 */
export function parseOptionsJson(input: string | unknown): ImageOptions {
  let value: unknown = input
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input)
    } catch (cause) {
      throw new OptionsJsonError(`not valid JSON (${(cause as Error).message})`, { cause })
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`
    throw new OptionsJsonError(`the top level is ${kind}, not an object`)
  }
  const unknown = findUnknownOptions(value)
  if (unknown.length > 0) throw new InvalidOptionsError(unknown)
  return value as ImageOptions
}
