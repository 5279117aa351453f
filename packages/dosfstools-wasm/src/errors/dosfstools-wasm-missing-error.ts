import { DosfstoolsWasmError } from './dosfstools-wasm-error.js'

/** The committed .cjs/.wasm that runs a tool is not where the package expects it. */
export class DosfstoolsWasmMissingError extends DosfstoolsWasmError<'DOSFSTOOLS_WASM_MISSING', { tool: string; path: string }> {
  readonly code = 'DOSFSTOOLS_WASM_MISSING' as const

  constructor(tool: string, path: string) {
    super(
      `${tool}: ${path} is missing. Reinstall @diskimage/dosfstools-wasm, or rebuild it with ` +
        '`npm run build:wasm -w packages/dosfstools-wasm`.',
      { tool, path },
    )
  }
}
