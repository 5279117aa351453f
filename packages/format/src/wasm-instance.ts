import { readFileSync } from 'node:fs'

// The package's lib (ES2023, no DOM) does not declare WebAssembly; these are the parts used.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: object) => { exports: unknown }
}

/** What every module built with emscripten's STANDALONE_WASM (wasm/build-*.sh) exports. */
export interface StandaloneExports {
  memory: { buffer: ArrayBuffer }
  _initialize(): void
  /** malloc, for the caller's buffers; 0 when out of memory. */
  block_alloc(size: number): number
}

const compiled = new Map<string, object>()

/**
 * A fresh, initialized instance of the module at `url` (its own memory), compiled once per process.
 * The only import such a module has is the memory-growth notice, which needs nothing done.
 */
export function instantiateWasm<T extends StandaloneExports>(url: URL): T {
  let module = compiled.get(url.href)
  if (!module) compiled.set(url.href, (module = new WebAssembly.Module(readFileSync(url))))
  const exports = new WebAssembly.Instance(module, { env: { emscripten_notify_memory_growth() {} } }).exports as T
  exports._initialize()
  return exports
}
