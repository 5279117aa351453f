import { DosfstoolsWasmError } from './dosfstools-wasm-error.js'
import { dosfstoolsTools, mtoolsApplets } from '../tool-files.js'

/** `runDosfsTool` was given a program name this package does not ship (JS callers, typos). */
export class UnknownDosfsToolError extends DosfstoolsWasmError<'DOSFSTOOLS_UNKNOWN_TOOL', { tool: string }> {
  readonly code = 'DOSFSTOOLS_UNKNOWN_TOOL' as const

  constructor(tool: string) {
    super(
      `"${tool}" is not a tool of @diskimage/dosfstools-wasm. Use one of: ` +
        `${[...dosfstoolsTools, ...mtoolsApplets].join(', ')}.`,
      { tool },
    )
  }
}
