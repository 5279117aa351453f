/**
 * The code of a compression worker, run with `new Worker(source, { eval: true })`. It is a string so
 * that the same file works from the TypeScript sources (tests) and from dist/ without a separate
 * JavaScript asset to ship and locate. The first message, { module }, is the codec's compressor: for
 * '*-deflate' libdeflate.wasm (wasm/build-libdeflate.sh), for '*-zlib' zlib-deflate.wasm (stock zlib,
 * wasm/build.sh), both exporting deflate_block (only their extra arguments differ); for 'qcow2-zstd'
 * zstd.wasm (libzstd, wasm/build-zstd.sh), exporting zstd_compress_block. All export block_alloc.
 *
 * Messages in: { module } first (a worker may be started before its codec is known: spare-workers.ts),
 * then per batch { id, codec, blockSize, limit, buffer (count blocks back to back), count }.
 * Messages out: 'ready' once, when the compressor is instantiated; then per batch { id, buffer, lengths }:
 * lengths[i] > 0 is the compressed size of block i; lengths[i] = -blockSize means block i did not compress to `limit` bytes or less and is stored as is.
 */
export const WORKER_SOURCE = String.raw`
const { parentPort } = require('node:worker_threads')

// The compressor: the first message brings the module the pool compiled once for all workers.
let wasm
function instantiate(module) {
  const instance = new WebAssembly.Instance(module, { env: { emscripten_notify_memory_growth() {} } })
  instance.exports._initialize()
  wasm = { exports: instance.exports, input: 0, output: 0, inputSize: 0, outputSize: 0 }
}

/** Runs compress(exports, input, length, output, outSize) in the WASM; null when the output exceeds outSize. */
function compressBlock(block, outSize, compress) {
  const e = wasm.exports
  if (wasm.inputSize < block.length) { wasm.input = e.block_alloc(block.length); wasm.inputSize = block.length }
  if (wasm.outputSize < outSize) { wasm.output = e.block_alloc(outSize); wasm.outputSize = outSize }
  new Uint8Array(e.memory.buffer, wasm.input, block.length).set(block)
  const length = compress(e, wasm.input, block.length, wasm.output, outSize)
  if (length === -2) throw new Error('the compressor could not be set up (out of memory)')
  if (length < -1) throw new Error('the compressor failed with room left in the output (zstd: qemu would fail too)')
  // The memory may have grown during the call: take a fresh view of it.
  return length < 0 ? null : Buffer.from(new Uint8Array(e.memory.buffer, wasm.output, length))
}
const RAW = 0, ZLIB = 1
const deflateBlock = (block, outSize, args) => compressBlock(block, outSize, (e, ...io) => e.deflate_block(...io, ...args))
const codecs = {
  // qcow2 clusters, raw deflate. libdeflate level 6 with matches at most 4096 bytes back (qemu inflates
  // with windowBits -12).
  'qcow2-deflate': (block, outSize) => deflateBlock(block, outSize, [6, RAW, 4096]),
  // Stock zlib with qemu's own parameters (qcow2_zlib_compress: level 6, windowBits -12, memLevel 9).
  'qcow2-zlib': (block, outSize) => deflateBlock(block, outSize, [6, -12, 9]),
  // VMDK grains: a zlib stream (RFC 1950) with the full 32 KiB window, as qemu's compress2() writes.
  'vmdk-deflate': (block, outSize) => deflateBlock(block, outSize, [6, ZLIB, 32768]),
  'vmdk-zlib': (block, outSize) => deflateBlock(block, outSize, [6, 15, 8]),
  // qcow2 clusters with compression_type=zstd: qcow2_zstd_compress's one ZSTD_compressStream2 call.
  'qcow2-zstd': (block, outSize) => compressBlock(block, outSize, (e, ...io) => e.zstd_compress_block(...io)),
}
parentPort.on('message', ({ module, id, codec, blockSize, limit, buffer, count }) => {
  if (module) {
    instantiate(module)
    // Takes batches from now on: the pool hands none to a worker before this.
    parentPort.postMessage('ready')
    return
  }
  const input = Buffer.from(buffer)
  const compress = codecs[codec]
  const pieces = []
  const lengths = new Int32Array(count)
  let total = 0
  for (let i = 0; i < count; i++) {
    const block = input.subarray(i * blockSize, (i + 1) * blockSize)
    // Room for the worst case of any deflate (stored blocks), or the limit when smaller.
    let piece = compress(block, Math.min(limit, 2 * block.length + 1024))
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
