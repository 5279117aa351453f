/**
 * Base class of the errors this package throws itself (a failed tool run is the runtime's
 * `WasmToolError`, re-exported from here). Same shape as every diskimage error: a
 * string-literal `code` and a `data` object.
 */
export abstract class Ext2fsWasmError<
  Code extends string = string,
  Data extends object = Record<string, unknown>,
> extends Error {
  abstract readonly code: Code
  readonly data: Data

  constructor(message: string, data: Data) {
    super(message)
    this.name = new.target.name
    this.data = data
  }
}
