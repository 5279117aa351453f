/**
 * A page-aligned Buffer. O_DIRECT reads need a buffer whose address is a multiple of the device's
 * logical block size, and Node gives no way to ask for an aligned Buffer; a WebAssembly.Memory is
 * always mapped at a page boundary, so its backing store serves.
 */
// The package's lib (ES2023, no DOM) does not declare WebAssembly; this is the one part used.
declare const WebAssembly: { Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer } }

export function allocateAlignedBuffer(bytes: number): Buffer {
  const pageSize = 65536
  const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / pageSize) })
  return Buffer.from(memory.buffer, 0, bytes)
}
