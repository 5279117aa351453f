// The adaptive reader (O_DIRECT in holes with growing probes, buffered after data) must hand out
// exactly the non-zero blocks a plain byte-by-byte scan finds, for any layout of data and holes, any
// block size and any file length, whether O_DIRECT is used or not.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, expect, it } from 'vitest'
import { makeSparseImage, workDir } from '../__fixtures__/images.js'
import { RawSource } from './raw-source.js'

const work = workDir()
afterAll(() => work.cleanup())

/** The non-zero blocks of `bytes`, found the slow obvious way. */
function naiveBlocks(bytes: Buffer, blockSize: number): number[] {
  const found: number[] = []
  for (let index = 0; index * blockSize < bytes.length; index++) {
    if (bytes.subarray(index * blockSize, (index + 1) * blockSize).some((byte) => byte !== 0)) found.push(index)
  }
  return found
}

/** The indexes of the blocks `source` yields, each checked equal to the same block of `bytes`. */
async function blocksOf(source: RawSource, blockSize: number, bytes: Buffer): Promise<number[]> {
  const seen: number[] = []
  for await (const block of source.dataBlocks(blockSize)) {
    const want = Buffer.alloc(blockSize)
    bytes.copy(want, 0, block.index * blockSize, (block.index + 1) * blockSize)
    expect(block.data.equals(want)).toBe(true)
    seen.push(block.index)
  }
  await source.close()
  return seen
}

/** A sparse image of `size` bytes with 0x5a pieces at the placements' relative offsets and lengths. */
function imageWith(name: string, size: number, placements: [number, number][]): string {
  const pieces = placements.map(([where, length]) => {
    const offset = Math.min(size - 1, Math.floor(where * size))
    return { offset, data: Buffer.alloc(Math.min(length, size - offset), 0x5a) }
  })
  return makeSparseImage(join(work.dir, `${name}.img`), size, pieces)
}

let run = 0
it('yields the same blocks as a naive scan, with the host map of holes, and scanning with and without O_DIRECT', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 40 * 2 ** 20 }),
      fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 300_000 })), { maxLength: 6 }),
      fc.constantFrom(65536, 1 << 20, 2 << 20),
      async (size, placements, blockSize) => {
        const path = imageWith(`r${run++}`, size, placements)
        const bytes = readFileSync(path)
        const expected = naiveBlocks(bytes, blockSize)
        // With the host's map of data and holes (SEEK_DATA), as a standalone convert reads.
        expect(await blocksOf(await RawSource.open(path), blockSize, bytes)).toEqual(expected)
        for (const direct of [true, false]) {
          expect(await blocksOf(await RawSource.open(path, undefined, { direct, seekData: false }), blockSize, bytes)).toEqual(expected)
        }
      },
    ),
    { numRuns: 25 },
  )
})

it('with data ranges, yields the blocks a scan finds inside them and reads nothing outside them, even within a chunk', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 12 * 2 ** 20 }),
      fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 300_000 })), { maxLength: 6 }),
      fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 2 ** 21 })), { maxLength: 5 }),
      async (size, placements, rangeSpecs) => {
        const path = imageWith(`q${run++}`, size, placements)
        const ranges = rangeSpecs.map(([where, length]) => ({ offset: Math.floor(where * size), length }))
        // What the source must see: the file's bytes inside the ranges, zeros elsewhere.
        const bytes = readFileSync(path)
        const visible = Buffer.alloc(bytes.length)
        for (const { offset, length } of ranges) bytes.copy(visible, offset, offset, Math.min(bytes.length, offset + length))
        const blockSize = 65536
        expect(await blocksOf(await RawSource.open(path, ranges), blockSize, visible)).toEqual(naiveBlocks(visible, blockSize))
      },
    ),
    { numRuns: 25 },
  )
})

it('gathers the same blocks into runs of consecutive ones, each run the bytes of its blocks, none split inside a chunk', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 12 * 2 ** 20 }),
      fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 3_000_000 })), { maxLength: 6 }),
      fc.constantFrom(4096, 65536, 1 << 20),
      async (size, placements, blockSize) => {
        const path = imageWith(`u${run++}`, size, placements)
        const bytes = readFileSync(path)
        const source = await RawSource.open(path, [{ offset: 0, length: size }])
        const seen: number[] = []
        let previousEnd = -1
        for await (const dataRun of source.dataRuns(blockSize)) {
          expect(dataRun.data.length).toBe(dataRun.count * blockSize)
          const want = Buffer.alloc(dataRun.data.length)
          bytes.copy(want, 0, dataRun.index * blockSize, (dataRun.index + dataRun.count) * blockSize)
          expect(dataRun.data.equals(want)).toBe(true)
          // A run that directly follows the previous one may only start a new chunk (with data ranges:
          // 1 MiB, or one block if bigger).
          if (dataRun.index === previousEnd) expect((dataRun.index * blockSize) % Math.max(blockSize, 1 << 20)).toBe(0)
          previousEnd = dataRun.index + dataRun.count
          for (let i = 0; i < dataRun.count; i++) seen.push(dataRun.index + i)
        }
        await source.close()
        expect(seen).toEqual(naiveBlocks(bytes, blockSize))
      },
    ),
    { numRuns: 20 },
  )
})

/** A 24 MiB image whose every 64 KiB block holds its own index: each block is data, and each differs. */
function numberedImage(name: string): { path: string; bytes: Buffer } {
  const bytes = Buffer.alloc(24 << 20)
  for (let block = 0; block < bytes.length / 65536; block++) bytes.fill(block % 251 + 1, block * 65536, (block + 1) * 65536)
  const path = join(work.dir, `${name}.img`)
  writeFileSync(path, bytes)
  return { path, bytes }
}

for (const withRanges of [true, false]) {
  const label = withRanges ? 'with data ranges' : 'scanning'
  it(`${label}: a retained run keeps its bytes until its promise settles, while the iteration goes on`, async () => {
    const { path, bytes } = numberedImage(`retain-${withRanges}`)
    const source = await RawSource.open(path, withRanges ? [{ offset: 0, length: bytes.length }] : undefined, { seekData: withRanges })
    // Released only after a while: meanwhile the iteration goes on into the next chunks (it stalls only
    // once it would need the held buffer again: memory stays bounded).
    let released = false
    const held = new Promise<void>((resolve) => setTimeout(() => ((released = true), resolve()), 300))
    let first: { data: Buffer; copy: Buffer; index: number } | undefined
    let runsWhileHeld = 0
    let runsAfter = 0
    for await (const dataRun of source.dataRuns(65536)) {
      if (!first) {
        first = { data: dataRun.data, copy: Buffer.from(dataRun.data), index: dataRun.index }
        dataRun.retain(held)
        continue
      }
      runsAfter++
      if (!released) {
        runsWhileHeld++
        // The first run's bytes are still its own while it is held.
        expect(first.data.equals(first.copy)).toBe(true)
      }
    }
    await source.close()
    expect(runsWhileHeld).toBeGreaterThan(0)
    expect(runsAfter).toBeGreaterThan(runsWhileHeld)
    expect(first!.copy.equals(bytes.subarray(0, first!.copy.length))).toBe(true)
  })

  it(`${label}: a retained promise that rejects ends the iteration with its error`, async () => {
    const { path } = numberedImage(`reject-${withRanges}`)
    const source = await RawSource.open(path, withRanges ? [{ offset: 0, length: 24 << 20 }] : undefined, { seekData: withRanges })
    const failure = new Error('disk full (test)')
    const iterate = async (): Promise<void> => {
      let count = 0
      for await (const dataRun of source.dataRuns(65536)) {
        dataRun.retain(count++ === 1 ? Promise.reject(failure) : Promise.resolve())
      }
    }
    await expect(iterate()).rejects.toBe(failure)
    await source.close()
  })

  it(`${label}: a consumer that stops early leaves no read in flight and can close the file`, async () => {
    const { path, bytes } = numberedImage(`stop-${withRanges}`)
    const source = await RawSource.open(path, withRanges ? [{ offset: 0, length: bytes.length }] : undefined, { seekData: withRanges })
    let seen = 0
    for await (const dataRun of source.dataRuns(65536)) {
      dataRun.retain(new Promise((resolve) => setTimeout(resolve, 20)))
      if (++seen === 3) break
    }
    await source.close()
    // A second pass over a fresh source still sees every block.
    const again = await RawSource.open(path, withRanges ? [{ offset: 0, length: bytes.length }] : undefined, { seekData: withRanges })
    let blocks = 0
    for await (const dataRun of again.dataRuns(65536)) blocks += dataRun.count
    await again.close()
    expect(blocks).toBe(bytes.length / 65536)
  })
}

it('asks a dataRanges function only where the host has no map of holes, and checks what it gives', async () => {
  const { path, bytes } = numberedImage('lazy-ranges')
  let asked = 0
  const half = async () => {
    asked++
    return [{ offset: 0, length: bytes.length / 2 }]
  }
  const count = async (source: RawSource): Promise<number> => {
    let blocks = 0
    for await (const dataRun of source.dataRuns(65536)) blocks += dataRun.count
    await source.close()
    return blocks
  }
  // The host maps the file (all data): the function is not needed, every block is read.
  expect(await count(await RawSource.open(path, half))).toBe(bytes.length / 65536)
  expect(asked).toBe(0)
  // Without the host's map, the function's ranges are used.
  expect(await count(await RawSource.open(path, half, { seekData: false }))).toBe(bytes.length / 2 / 65536)
  expect(asked).toBe(1)
  const garbage = async () => [{ offset: -1, length: 5 }]
  await expect(RawSource.open(path, garbage, { seekData: false })).rejects.toMatchObject({ code: 'E_FORMAT_OPTION', data: { option: 'dataRanges' } })
})
