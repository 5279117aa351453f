import { DiskImageError } from './DiskImageError.js'

/** An option name that does not exist (a typo, or a key of another tool). */
export class UnknownOptionError extends DiskImageError<'E_UNKNOWN_OPTION', { option: string; suggestion: string | null }> {
  constructor(option: string, suggestion: string | null) {
    const hint = suggestion === null ? 'remove it' : `did you mean "${suggestion}"?`
    super('E_UNKNOWN_OPTION', `${JSON.stringify(option)} is not an option: ${hint}`, { option, suggestion })
  }
}
