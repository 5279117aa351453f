/**
 * The code of a compression worker, run with `new Worker(source, { eval: true, workerData })`. It is a
 * string so that the same file works from the TypeScript sources (tests) and from dist/ without a
 * separate JavaScript asset to ship and locate. `workerData.wasm` holds zlib-deflate.wasm (stock zlib
 * 1.2.13, see wasm/build.sh) for the codecs that need it.
 *
 * Message in: { id, codec, blockSize, limit, buffer (count blocks back to back), count }.
 * Message out: { id, buffer, lengths }: lengths[i] > 0 is the compressed size of block i;
 * lengths[i] = -blockSize means block i did not compress to `limit` bytes or less and is stored as is.
 */
export const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads')
const zlib = require('node:zlib')

let stock
/** Stock zlib in WASM: the same bytes as the zlib qemu-img links. Returns null when the output exceeds outSize. */
function deflateStock(block, windowBits, memLevel, outSize) {
  if (!stock) {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(workerData.wasm), { env: { emscripten_notify_memory_growth() {} } })
    instance.exports._initialize()
    stock = { exports: instance.exports, input: 0, output: 0, inputSize: 0, outputSize: 0 }
  }
  const e = stock.exports
  if (stock.inputSize < block.length) { stock.input = e.block_alloc(block.length); stock.inputSize = block.length }
  if (stock.outputSize < outSize) { stock.output = e.block_alloc(outSize); stock.outputSize = outSize }
  new Uint8Array(e.memory.buffer, stock.input, block.length).set(block)
  const length = e.deflate_block(stock.input, block.length, stock.output, outSize, 6, windowBits, memLevel)
  if (length === -2) throw new Error('deflateInit2 failed')
  // The memory may have grown during the call: take a fresh view of it.
  return length < 0 ? null : Buffer.from(new Uint8Array(e.memory.buffer, stock.output, length))
}
const fits = (piece, limit) => (piece.length <= limit ? piece : null)
const codecs = {
  // qemu's qcow2 clusters: raw deflate, 4 KiB window, memLevel 9, level 6 (qcow2_zlib_compress).
  'qcow2-deflate': (block, limit) => deflateStock(block, -12, 9, Math.min(limit, 2 * block.length)),
  // The same parameters with Node's zlib (Chromium's fork): faster, a few % larger.
  'qcow2-deflate-fast': (block, limit) => fits(zlib.deflateRawSync(block, { level: 6, windowBits: 12, memLevel: 9 }), limit),
  // VMDK grains: a zlib stream (RFC 1950), as qemu's compress2() writes it (windowBits 15, memLevel 8).
  'vmdk-zlib': (block, limit) => deflateStock(block, 15, 8, 2 * block.length + 1024),
  'vmdk-zlib-fast': (block, limit) => fits(zlib.deflateSync(block, { level: 6 }), limit),
}
parentPort.on('message', ({ id, codec, blockSize, limit, buffer, count }) => {
  const input = Buffer.from(buffer)
  const compress = codecs[codec]
  const pieces = []
  const lengths = new Int32Array(count)
  let total = 0
  for (let i = 0; i < count; i++) {
    const block = input.subarray(i * blockSize, (i + 1) * blockSize)
    let piece = compress(block, limit)
    if (piece === null) { piece = block; lengths[i] = -blockSize } else lengths[i] = piece.length
    pieces.push(piece)
    total += piece.length
  }
  const out = Buffer.allocUnsafeSlow(total)
  let at = 0
  for (const piece of pieces) { out.set(piece, at); at += piece.length }
  parentPort.postMessage({ id, buffer: out.buffer, lengths }, [out.buffer])
})
`
