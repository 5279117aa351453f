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

/** The module at `url`, compiled once per process (a WebAssembly.Module: workers take it in workerData). */
export function compileWasm(url: URL): object {
  let module = compiled.get(url.href)
  if (!module) compiled.set(url.href, (module = new WebAssembly.Module(readFileSync(url))))
  return module
}

/**
 * A fresh, initialized instance of the module at `url` (its own memory), compiled once per process.
 * The only import such a module has is the memory-growth notice, which needs nothing done.
 */
export function instantiateWasm<T extends StandaloneExports>(url: URL): T {
  const module = compileWasm(url)
  const exports = new WebAssembly.Instance(module, { env: { emscripten_notify_memory_growth() {} } }).exports as T
  exports._initialize()
  return exports
}

/**
 * A buffer in a module's memory that grows on demand: `reserve(size)` gives the address of at least
 * `size` bytes (a larger request allocates anew; the module's memory lasts as long as its instance).
 */
export class WasmBuffer {
  private address = 0
  private capacity = 0

  constructor(private readonly exports: StandaloneExports) {}

  reserve(size: number): number {
    if (this.capacity < size) {
      this.address = this.exports.block_alloc(size)
      if (this.address === 0) throw new Error('out of WebAssembly memory')
      this.capacity = size
    }
    return this.address
  }

  /** Copies `bytes` in (reserving room) and returns their address. */
  write(bytes: Uint8Array): number {
    const address = this.reserve(bytes.length)
    // A fresh view each time: the memory may have grown.
    new Uint8Array(this.exports.memory.buffer, address, bytes.length).set(bytes)
    return address
  }
}
