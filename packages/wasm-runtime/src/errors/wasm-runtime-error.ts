/**
 * Base class of every error thrown by @diskimage/wasm-runtime. Same shape as the other
 * diskimage packages' errors: a string-literal `code` to test for and a `data` object
 * holding the values that caused it.
 */
export abstract class WasmRuntimeError<
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
