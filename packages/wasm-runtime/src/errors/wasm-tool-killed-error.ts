import { WasmRuntimeError } from './wasm-runtime-error.js'

export interface WasmToolKilledErrorData {
  tool: string
  args: readonly string[]
  signal: string
  stderr: string
}

/**
 * The child process running the tool was killed by a signal (out of memory, a timeout,
 * someone's kill): the tool never reported an exit code, so its output file is unusable.
 */
export class WasmToolKilledError extends WasmRuntimeError<'WASM_TOOL_KILLED', WasmToolKilledErrorData> {
  readonly code = 'WASM_TOOL_KILLED' as const

  constructor(data: WasmToolKilledErrorData) {
    super(
      `${data.tool} ${data.args.join(' ')} was killed by ${data.signal} before it exited` +
        (data.stderr.trim() ? `: ${data.stderr.trim()}` : '') +
        `. Check memory limits and the timeout (timeoutMs) given to runWasmTool.`,
      data,
    )
  }
}
