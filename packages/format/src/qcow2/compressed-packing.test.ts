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

/**
 * Compressed clusters' offsets relative to the first data byte of the file: qemu-img puts its metadata
 * first, we put ours last; everything after that start must match.
 */
function relative(clusters: Map<number, [number, number]>): Map<number, [number, number]> {
  const base = Math.min(...[...clusters.values()].map(([offset]) => offset)) & ~0xffff
  return new Map([...clusters].map(([guest, [offset, sectors]]) => [guest, [offset - base, sectors]]))
}

it('a compressed piece that lands in an already written cluster tail, after 10 MiB of incompressible clusters', async () => {
  const cluster = 64 << 10
  const raw = makeSparseImage(join(work.dir, 'packing.raw'), 32 * MiB, [
    { offset: 0, data: patternBytes(1, cluster, 'text') }, // opens a compressed cluster, a few hundred bytes used
    { offset: cluster, data: patternBytes(2, 10 * MiB, 'random') }, // 160 clusters stored as they are
    { offset: 12 * MiB, data: patternBytes(3, cluster, 'text') }, // fits in the first compressed cluster's tail
  ])
  const ours = join(work.dir, 'packing.qcow2')
  await convert(raw, { format: 'qcow2-compressed', out: ours, compress: 'zlib', threads: 1 })
  expect(qemuCheck(ours, 'qcow2-compressed')).toMatchObject({ status: 0 })
  expect(qemuCompare(raw, ours, 'qcow2-compressed')).toMatchObject({ status: 0 })
  // qemu-img packs the same way (zlib: the same compressed bytes): every compressed cluster at the same
  // file offset with the same sector count, the third piece in the first compressed cluster's tail.
  const theirs = join(work.dir, 'packing-qemu.qcow2')
  run('qemu-img', ['convert', '-f', 'raw', '-O', 'qcow2', '-c', raw, theirs])
  const ourClusters = compressedClusters(readFileSync(ours))
  expect(relative(ourClusters)).toEqual(relative(compressedClusters(readFileSync(theirs))))
  expect(ourClusters.size).toBe(2)
  const [first] = ourClusters.get(0)!
  const [third] = ourClusters.get((12 * MiB) / cluster)!
  expect(Math.floor(third / cluster)).toBe(Math.floor(first / cluster))
})

// Random mixes of text (compressible to a few hundred bytes), random bytes (stored uncompressed), runs
// of zeros and holes, up to 24 MiB each: every compressed cluster must sit where qemu-img puts it.
it.each([1, 2, 3, 4, 5, 6])('random layout %i: the same packing as qemu-img, clean and identical', async (seed) => {
  const cluster = 64 << 10
  // mulberry32: 32-bit integer arithmetic (Math.imul), so the sequence is the same on every machine.
  let state = seed * 7919
  const next = (n: number): number => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) % n
  }
  const pieces: { offset: number; data: Buffer }[] = []
  let at = 0
  const size = 24 * MiB
  while (at < size - cluster) {
    const clusters = 1 + next(next(4) === 0 ? 200 : 6) // now and then a long run (past the 8 MiB the writer gathers)
    const length = Math.min(clusters * cluster, size - at)
    const kind = next(4)
    // A partial cluster now and then: pieces need not start or end on cluster boundaries.
    const skew = next(3) === 0 ? next(cluster) : 0
    if (kind === 0) pieces.push({ offset: at + skew, data: patternBytes(seed * 1000 + at, length - skew, 'text') })
    else if (kind === 1) pieces.push({ offset: at + skew, data: patternBytes(seed * 1000 + at, length - skew, 'random') })
    // kind 2 and 3: zeros or a hole (the same to qemu-img: no cluster)
    at += length
  }
  const raw = makeSparseImage(join(work.dir, `random-${seed}.raw`), size, pieces)
  const ours = join(work.dir, `random-${seed}.qcow2`)
  await convert(raw, { format: 'qcow2-compressed', out: ours, compress: 'zlib', threads: 2 })
  expect(qemuCheck(ours, 'qcow2-compressed')).toMatchObject({ status: 0 })
  expect(qemuCompare(raw, ours, 'qcow2-compressed')).toMatchObject({ status: 0 })
  const theirs = join(work.dir, `random-${seed}-qemu.qcow2`)
  run('qemu-img', ['convert', '-f', 'raw', '-O', 'qcow2', '-c', raw, theirs])
  const layout = dataLayout(ours)
  expect(layout).toEqual(dataLayout(theirs))
  // Both kinds present (qemu-img map joins neighbouring stored clusters into one extent).
  expect(Math.min(layout.compressed.length, layout.stored.length)).toBeGreaterThan(0)
})

/**
 * Where every data cluster of a qcow2 file lies, relative to the first one: the compressed ones from the
 * L2 tables, the others from `qemu-img map` (guest start, length, host offset). The base is the lowest
 * host offset of any data: qemu-img puts its metadata first, we put ours last.
 */
function dataLayout(path: string): { compressed: [number, [number, number]][]; stored: [number, number, number][] } {
  const compressed = compressedClusters(readFileSync(path))
  const map = JSON.parse(run('qemu-img', ['map', '--output=json', '-f', 'qcow2', path]).stdout) as { start: number; length: number; data: boolean; offset?: number; compressed?: boolean }[]
  const stored = map.filter((e) => e.data && !e.compressed && e.offset !== undefined)
  const base = Math.min(...[...compressed.values()].map(([offset]) => offset & ~0xffff), ...stored.map((e) => e.offset!))
  return {
    compressed: [...compressed].map(([guest, [offset, sectors]]) => [guest, [offset - base, sectors]]),
    stored: stored.map((e) => [e.start, e.length, e.offset! - base]),
  }
}
