import { WasmRuntimeError } from './wasm-runtime-error.js'

/** What a failed tool run carries: enough to reproduce it and to read why it failed. */
export interface WasmToolErrorData {
  tool: string
  args: readonly string[]
  code: number
  stdout: string
  stderr: string
}

/** The tool ran to completion but exited with a code the caller did not accept (`okCodes`). */
export class WasmToolError extends WasmRuntimeError<'WASM_TOOL_FAILED', WasmToolErrorData> {
  readonly code = 'WASM_TOOL_FAILED' as const

  constructor(data: WasmToolErrorData) {
    const detail = data.stderr.trim() || data.stdout.trim() || '(no output)'
    super(
      `${data.tool} ${data.args.join(' ')} exited with code ${data.code}: ${detail}\n` +
        `Fix the arguments or input named above, or pass okCodes: [0, ${data.code}] if this exit code is expected.`,
      data,
    )
  }
}
