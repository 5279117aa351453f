import { Ext2fsWasmError } from './ext2fs-wasm-error.js'

/** The committed .wasm/.cjs of a tool is not where the package expects it. */
export class Ext2fsWasmMissingError extends Ext2fsWasmError<'EXT2FS_WASM_MISSING', { tool: string; path: string }> {
  readonly code = 'EXT2FS_WASM_MISSING' as const

  constructor(tool: string, path: string) {
    super(
      `${tool}: ${path} is missing. Reinstall @diskimage/ext2fs-wasm, or rebuild it with ` +
        '`npm run build:wasm -w packages/ext2fs-wasm`.',
      { tool, path },
    )
  }
}
