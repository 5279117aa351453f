/**
 * Base of every error this library throws on purpose.
 *
 * Like isomorphic-git's errors: `code` is a stable string literal a caller can
 * switch on, `data` holds the values that caused the error, and `message` says
 * what the user must change. Each kind of failure has its own subclass, one per
 * file in this folder, all exported from the package.
 */
export class DiskImageError<Code extends string = string, Data extends object = Record<string, unknown>> extends Error {
  readonly code: Code
  readonly data: Data

  constructor(code: Code, message: string, data: Data, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
    this.code = code
    this.data = data
  }
}
