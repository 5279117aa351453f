// qcow2 with compression_type=zstd against qemu-img 7.2's own (`-o compression_type=zstd`, libzstd
// 1.5.4): every compressed cluster ours writes is the very frame qemu-img writes for the same guest
// cluster, found through qemu-img's own L2 tables; qemu-img checks and compares our image; our reader
// reads qemu-img's image back equal to the raw, and refuses a cluster whose frames do not make one.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { convert, openImage } from '../index.js'
import { compressedClusters, firstDifference, makeExt4Image, qemuCheck, qemuCompare, run, workDir } from '../__fixtures__/images.js'
import { CompressionPool } from './compression-pool.js'

const CLUSTER = 65536
const work = workDir()
let raw = ''
let theirs = ''
beforeAll(() => {
  raw = makeExt4Image(work.dir)
  theirs = join(work.dir, 'qemu-zstd.qcow2')
  run('qemu-img', ['convert', '-f', 'raw', '-O', 'qcow2', '-c', '-o', 'compression_type=zstd', raw, theirs])
})
afterAll(() => work.cleanup())

/** Where our reader's view of the image at `path` first differs from the raw image (undefined: nowhere). */
async function firstDifferenceOf(path: string): Promise<number | undefined> {
  const image = await openImage(path)
  try {
    return await firstDifference(image, raw)
  } finally {
    await image.close()
  }
}

it("qcow2-zstd: each cluster's frame is the one qemu-img writes, byte for byte", async () => {
  const image = readFileSync(raw)
  const qemu = readFileSync(theirs)
  const qemuClusters = compressedClusters(qemu)
  expect(qemuClusters.size).toBeGreaterThan(100)
  const indexes = [...qemuClusters.keys()].slice(0, 400)
  const batch = Buffer.allocUnsafeSlow(indexes.length * CLUSTER)
  indexes.forEach((index, i) => image.copy(batch, i * CLUSTER, index * CLUSTER, (index + 1) * CLUSTER))
  const pool = new CompressionPool(2, 'qcow2-zstd')
  try {
    const { data, lengths } = await pool.compress(batch, indexes.length, CLUSTER, CLUSTER - 1)
    let at = 0
    const mismatches = indexes.filter((index, i) => {
      const piece = data.subarray(at, (at += Math.abs(lengths[i]!)))
      const [offset, sectors] = qemuClusters.get(index)!
      const spanned = Math.floor((offset + piece.length - 1) / 512) - Math.floor(offset / 512) + 1
      return !(lengths[i]! > 0 && qemu.subarray(offset, offset + piece.length).equals(piece) && spanned === sectors)
    })
    expect(mismatches).toEqual([])
  } finally {
    await pool.close()
  }
})

it("qcow2-compressed with compress: 'zstd': qemu-img check clean, compare identical, compression type zstd, our reader equal", async () => {
  const ours = join(work.dir, 'ours-zstd.qcow2')
  await convert(raw, { format: 'qcow2-compressed', compress: 'zstd', out: ours, threads: 2 })
  expect(qemuCheck(ours, 'qcow2')).toMatchObject({ status: 0 })
  expect(qemuCompare(raw, ours, 'qcow2')).toMatchObject({ status: 0 })
  expect(JSON.parse(run('qemu-img', ['info', '--output', 'json', ours]).stdout)).toMatchObject({ 'format-specific': { data: { 'compression-type': 'zstd' } } })
  for (const path of [ours, theirs]) expect(await firstDifferenceOf(path)).toBeUndefined()
})

it('our reader refuses a zstd cluster whose frame is damaged, as CorruptImageError', async () => {
  const damaged = join(work.dir, 'damaged-zstd.qcow2')
  const bytes = readFileSync(theirs)
  const [offset] = [...compressedClusters(bytes).values()][0]!
  // No zstd frame magic (28 b5 2f fd) where the cluster starts.
  expect(bytes.readUInt32LE(offset)).toBe(0xfd2fb528)
  bytes.fill(0, offset, offset + 4)
  writeFileSync(damaged, bytes)
  await expect(firstDifferenceOf(damaged)).rejects.toMatchObject({ code: 'E_FORMAT_CORRUPT' })
})

it('our reader refuses a compression type it does not know (2); without feature bit 3 it takes the clusters as deflate (zstd frames then fail as corrupt)', async () => {
  const bytes = readFileSync(theirs)
  expect(bytes.readUInt8(104)).toBe(1)
  const unknownType = join(work.dir, 'type2.qcow2')
  bytes.writeUInt8(2, 104)
  writeFileSync(unknownType, bytes)
  await expect(openImage(unknownType)).rejects.toMatchObject({ code: 'E_FORMAT_UNSUPPORTED', message: expect.stringMatching(/compression type 2/) })
  // qcow2.txt: the type field counts only with incompatible feature bit 3; without it the clusters are
  // deflate, so zstd frames no longer decompress: the reader must say corrupt, not return zstd bytes.
  const noBit = join(work.dir, 'nobit.qcow2')
  bytes.writeUInt8(1, 104)
  bytes.writeBigUInt64BE(bytes.readBigUInt64BE(72) & ~(1n << 3n), 72)
  writeFileSync(noBit, bytes)
  await expect(firstDifferenceOf(noBit)).rejects.toMatchObject({ code: 'E_FORMAT_CORRUPT' })
})
