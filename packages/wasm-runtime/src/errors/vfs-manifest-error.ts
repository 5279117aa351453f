import { WasmRuntimeError } from './wasm-runtime-error.js'

export interface VfsManifestErrorData {
  field: string
  value: unknown
}

/** A virtual file tree manifest that cannot be used; the message names the field to change. */
export class VfsManifestError extends WasmRuntimeError<'VFS_MANIFEST_INVALID', VfsManifestErrorData> {
  readonly code = 'VFS_MANIFEST_INVALID' as const

  constructor(field: string, value: unknown, requirement: string) {
    super(`VFS manifest field "${field}" is ${JSON.stringify(value)}: ${requirement}`, { field, value })
  }
}
