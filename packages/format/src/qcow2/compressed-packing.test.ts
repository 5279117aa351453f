// Compressed clusters are packed as qemu packs them (CompressedPacker): a small piece may go into the
// tail of an earlier compressed cluster even after many incompressible clusters were appended since.
// When those were more than the writer gathers (8 MiB), that tail was already written out, and filling
// it crashed (RangeError in AppendWriter.writeAt; seen on the minbase-x10 bench tree). The oracle:
// qemu-img check and compare, and qemu-img's own conversion of the same raw packing alike.
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { convert } from '../index.js'
import { readFileSync } from 'node:fs'
import { compressedClusters, makeSparseImage, MiB, patternBytes, qemuCheck, qemuCompare, run, workDir } from '../__fixtures__/images.js'

const work = workDir()
afterAll(() => work.cleanup())

it('a compressed piece that lands in an already written cluster tail, after 10 MiB of incompressible clusters', async () => {
  const cluster = 64 << 10
  const raw = makeSparseImage(join(work.dir, 'packing.raw'), 32 * MiB, [
    { offset: 0, data: patternBytes(1, cluster, 'text') }, // opens a compressed cluster, a few hundred bytes used
    { offset: cluster, data: patternBytes(2, 10 * MiB, 'random') }, // 160 clusters stored as they are
    { offset: 12 * MiB, data: patternBytes(3, cluster, 'text') }, // fits in the first compressed cluster's tail
  ])
  const ours = join(work.dir, 'packing.qcow2')
  await convert(raw, { format: 'qcow2-compressed', out: ours, compress: 'zlib', threads: 0 })
  expect(qemuCheck(ours, 'qcow2-compressed')).toMatchObject({ status: 0 })
  expect(qemuCompare(raw, ours, 'qcow2-compressed')).toMatchObject({ status: 0 })
  // qemu-img packs the same way (zlib: the same compressed bytes): every compressed cluster at the same
  // file offset with the same sector count, the third piece in the first compressed cluster's tail.
  const theirs = join(work.dir, 'packing-qemu.qcow2')
  run('qemu-img', ['convert', '-f', 'raw', '-O', 'qcow2', '-c', raw, theirs])
  // Offsets relative to the first data cluster: qemu-img puts its metadata first, we put ours last.
  const relative = (clusters: Map<number, [number, number]>) => {
    const base = clusters.get(0)![0]
    return new Map([...clusters].map(([guest, [offset, sectors]]) => [guest, [offset - base, sectors]]))
  }
  const ourClusters = compressedClusters(readFileSync(ours))
  expect(relative(ourClusters)).toEqual(relative(compressedClusters(readFileSync(theirs))))
  expect(ourClusters.size).toBe(2)
  const [first] = ourClusters.get(0)!
  const [third] = ourClusters.get((12 * MiB) / cluster)!
  expect(Math.floor(third / cluster)).toBe(Math.floor(first / cluster))
})
