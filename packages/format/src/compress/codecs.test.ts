// The codecs, block by block: every qcow2 cluster the default codec writes inflates with the 4 KiB
// window qemu uses (inflateInit2(-12)), read back in 64-byte steps so that the window, not the output
// buffer, must hold every match; the same check fails for a 32 KiB-window deflate, so it can fail.
// 'qcow2-zlib' gives the very bytes of the native stock zlib qemu-img links (python3's zlib module).
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { deflateRawSync, inflateRawSync, inflateSync } from 'node:zlib'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { makeExt4Image, workDir } from '../__fixtures__/images.js'
import { type Codec, CompressionPool } from './compression-pool.js'

const CLUSTER = 65536
const work = workDir()
let clusters: Buffer[] = []
beforeAll(() => {
  const image = readFileSync(makeExt4Image(work.dir))
  for (let at = 0; at < image.length; at += CLUSTER) {
    const cluster = image.subarray(at, at + CLUSTER)
    if (cluster.length === CLUSTER && cluster.some((byte) => byte !== 0)) clusters.push(cluster)
  }
  clusters = clusters.slice(0, 160)
})
afterAll(() => work.cleanup())

/** Compresses `clusters` with `codec` on two threads; returns each piece, null where stored raw. */
async function compressAll(codec: Codec): Promise<Array<Buffer | null>> {
  const pool = new CompressionPool(2, codec)
  try {
    const batch = Buffer.allocUnsafeSlow(clusters.length * CLUSTER)
    clusters.forEach((cluster, i) => cluster.copy(batch, i * CLUSTER))
    const { data, lengths } = await pool.compress(batch, clusters.length, CLUSTER, CLUSTER - 1)
    let at = 0
    return Array.from(lengths, (length) => {
      const piece = data.subarray(at, (at += Math.abs(length)))
      return length > 0 ? piece : null
    })
  } finally {
    await pool.close()
  }
}

/** Whether `piece` inflates to `cluster` with a 4 KiB window, 64 output bytes at a time. */
function inflatesIn4KiB(piece: Buffer, cluster: Buffer): boolean {
  try {
    return inflateRawSync(piece, { windowBits: 12, chunkSize: 64 }).equals(cluster)
  } catch {
    return false
  }
}

it("qcow2-deflate (default): every cluster inflates with qemu's 4 KiB window, and the check catches a 32 KiB-window deflate", async () => {
  const pieces = await compressAll('qcow2-deflate')
  const compressed = pieces.flatMap((piece, i) => (piece ? [{ piece, cluster: clusters[i]! }] : []))
  expect(compressed.length).toBeGreaterThan(clusters.length / 2)
  expect(compressed.filter(({ piece, cluster }) => !inflatesIn4KiB(piece, cluster)).length).toBe(0)
  const wideWindow = compressed.filter(({ cluster }) => !inflatesIn4KiB(deflateRawSync(cluster, { windowBits: 15 }), cluster))
  expect(wideWindow.length).toBeGreaterThan(0)
})

it('vmdk-deflate: zlib streams that inflate to each grain', async () => {
  const pieces = await compressAll('vmdk-deflate')
  pieces.forEach((piece, i) => expect(piece === null || inflateSync(piece).equals(clusters[i]!)).toBe(true))
})

it("qcow2-zlib: the bytes native stock zlib gives with qemu's parameters", async () => {
  const pieces = await compressAll('qcow2-zlib')
  const input = join(work.dir, 'clusters.bin')
  execFileSync('sh', ['-c', `cat > ${input}`], { input: Buffer.concat(clusters) })
  // qcow2_zlib_compress: deflateInit2(6, Z_DEFLATED, -12, 9, Z_DEFAULT_STRATEGY), one deflate(Z_FINISH).
  const script = `import sys, zlib
data = open(sys.argv[1], 'rb').read()
for i in range(0, len(data), ${CLUSTER}):
    c = zlib.compressobj(6, zlib.DEFLATED, -12, 9)
    out = c.compress(data[i:i + ${CLUSTER}]) + c.flush()
    sys.stdout.buffer.write(len(out).to_bytes(4, 'little') + out)`
  const native = execFileSync('python3', ['-c', script, input], { maxBuffer: 1 << 30 })
  const theirs: Array<Buffer | null> = []
  for (let at = 0; at < native.length; ) {
    const length = native.readUInt32LE(at)
    theirs.push(length < CLUSTER ? native.subarray(at + 4, at + 4 + length) : null)
    at += 4 + length
  }
  expect(pieces.map((piece) => piece?.length ?? null)).toEqual(theirs.map((piece) => piece?.length ?? null))
  expect(Buffer.concat(pieces.flatMap((piece) => (piece ? [piece] : []))).equals(Buffer.concat(theirs.flatMap((piece) => (piece ? [piece] : []))))).toBe(true)
})
