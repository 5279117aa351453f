/**
 * A page-aligned Buffer. O_DIRECT reads need a buffer whose address is a multiple of the device's
 * logical block size, and Node gives no way to ask for an aligned Buffer; a WebAssembly.Memory is
 * always mapped at a page boundary, so its backing store serves.
 */
// The package's lib (ES2023, no DOM) does not declare WebAssembly; this is the one part used.
declare const WebAssembly: { Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer } }

/**
 * `count` page-aligned Buffers of `bytes` bytes each (a multiple of 4 KiB), views of one memory: one
 * mapping instead of one per buffer (each WebAssembly.Memory reserves its own guard region).
 */
export function allocateAlignedBuffers(count: number, bytes: number): Buffer[] {
  const pageSize = 65536
  const memory = new WebAssembly.Memory({ initial: Math.ceil((count * bytes) / pageSize) })
  return Array.from({ length: count }, (_, i) => Buffer.from(memory.buffer, i * bytes, bytes))
}
