/**
 * Base of the errors of @diskimage/nix. Same shape as core's DiskImageError (this
 * leaf package must not import core): `code` is a stable string literal, `data` holds
 * the values that caused the error, and `message` says what the user must change.
 */
export class NixError<Code extends string = string, Data extends object = Record<string, unknown>> extends Error {
  readonly code: Code
  readonly data: Data

  constructor(code: Code, message: string, data: Data, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
    this.code = code
    this.data = data
  }
}
