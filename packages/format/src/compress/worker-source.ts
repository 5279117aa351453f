/**
 * The code of a compression worker, run with `new Worker(source, { eval: true })`. It is a string so
 * that the same file works from the TypeScript sources (tests) and from dist/ without a separate
 * JavaScript asset to ship and locate.
 *
 * Message in: { id, codec, blockSize, limit, buffer (count blocks back to back), count }.
 * Message out: { id, buffer, lengths }: lengths[i] > 0 is the compressed size of block i;
 * lengths[i] = -blockSize means block i did not compress below `limit` and is stored as is.
 */
export const WORKER_SOURCE = String.raw`
const { parentPort } = require('node:worker_threads')
const zlib = require('node:zlib')
const codecs = {
  // qemu's qcow2 compressed clusters: raw deflate, 4 KiB window, memLevel 9, default level
  // (deflateInit2(Z_DEFAULT_COMPRESSION, Z_DEFLATED, -12, 9, Z_DEFAULT_STRATEGY) in qcow2-threads.c).
  'qcow2-deflate': (block) => zlib.deflateRawSync(block, { level: 6, windowBits: 12, memLevel: 9 }),
  // VMDK streamOptimized grains: a zlib stream (RFC 1950), as VMware and qemu's compress2() write.
  'vmdk-zlib': (block) => zlib.deflateSync(block, { level: 6 }),
}
parentPort.on('message', ({ id, codec, blockSize, limit, buffer, count }) => {
  const input = Buffer.from(buffer)
  const compress = codecs[codec]
  const pieces = []
  const lengths = new Int32Array(count)
  let total = 0
  for (let i = 0; i < count; i++) {
    const block = input.subarray(i * blockSize, (i + 1) * blockSize)
    let piece = compress(block)
    if (piece.length > limit) { piece = block; lengths[i] = -blockSize } else lengths[i] = piece.length
    pieces.push(piece)
    total += piece.length
  }
  const out = Buffer.allocUnsafeSlow(total)
  let at = 0
  for (const piece of pieces) { out.set(piece, at); at += piece.length }
  parentPort.postMessage({ id, buffer: out.buffer, lengths }, [out.buffer])
})
`
