import { DiskImageError } from './DiskImageError.js'

/**
 * Thrown by `validateOptions` and `parseOptionsJson` when one or more options are
 * wrong. Validation collects EVERY problem before throwing, so a user fixes a
 * config in one round instead of one error per run; each problem is itself a
 * typed error (with its own `code` and `data`) in `data.issues`.
 */
export class InvalidOptionsError extends DiskImageError<'E_INVALID_OPTIONS', { issues: DiskImageError[] }> {
  constructor(issues: DiskImageError[]) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`
    const lines = issues.map((issue) => `  - ${issue.message}`).join('\n')
    super('E_INVALID_OPTIONS', `Invalid disk image options (${count}):\n${lines}`, { issues })
  }
}
