/**
 * Base of the errors of @diskimage/fs. Same shape as core's DiskImageError:
 * a stable `code`, the values that caused it in `data`, and a message that
 * says what the user must change.
 */
export class FsError<Code extends string = string, Data extends object = Record<string, unknown>> extends Error {
  readonly code: Code
  readonly data: Data

  constructor(code: Code, message: string, data: Data, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
    this.code = code
    this.data = data
  }
}
