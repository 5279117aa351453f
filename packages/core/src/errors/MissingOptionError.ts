import { DiskImageError } from './DiskImageError.js'

/** A required option (one without a default, like `root` or `out`) is absent. */
export class MissingOptionError extends DiskImageError<'E_MISSING_OPTION', { option: string; meaning: string }> {
  constructor(option: string, meaning: string) {
    super('E_MISSING_OPTION', `${option} is required: set it to ${meaning}`, { option, meaning })
  }
}
