/**
 * Base of every error @diskimage/vm throws on purpose.
 *
 * Same shape as core's DiskImageError (this package is a leaf and must not import core): `code` is a
 * stable string literal to switch on, `data` holds the values that caused the error, `message` says
 * what the caller must change.
 */
export class VmError<Code extends string = string, Data extends object = Record<string, unknown>> extends Error {
  readonly code: Code
  readonly data: Data

  constructor(code: Code, message: string, data: Data, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
    this.code = code
    this.data = data
  }
}
