// The host's map of data and holes (SEEK_DATA through perl) must be the map qemu-img itself reads:
// `qemu-img map -f raw` asks the same file system the same question, so its data extents are the oracle.
import { closeSync, existsSync, mkdtempSync, openSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, expect, it } from 'vitest'
import { makeSparseImage, qemuDataExtents, workDir } from '../__fixtures__/images.js'
import { hostDataExtents, parseExtents } from './host-data-extents.js'
import { normalizeRanges } from './ranges.js'
import type { ByteRange } from './ranges.js'

const work = workDir()
// tmpfs answers SEEK_DATA by its pages, ext4 by its extents: both are checked where present.
const shm = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/diskimage-extents-') : undefined
afterAll(() => {
  work.cleanup()
  if (shm) rmSync(shm, { recursive: true, force: true })
})

function extentsOf(path: string, size: number): ByteRange[] | undefined {
  const fd = openSync(path, 'r')
  try {
    return hostDataExtents(fd, size)
  } finally {
    closeSync(fd)
  }
}

let count = 0
for (const [label, dir] of [['ext4 or whatever holds the temp dir', work.dir], ['tmpfs', shm]] as const) {
  it.runIf(dir !== undefined)(`equals qemu-img map's data extents on ${label}, for any layout of data and holes`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 64 * 2 ** 20 }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 600_000 })), { maxLength: 8 }),
        async (size, placements) => {
          const pieces = placements.map(([where, length]) => {
            const offset = Math.min(size - 1, Math.floor(where * size))
            return { offset, data: Buffer.alloc(Math.min(length, size - offset), 0xa5) }
          })
          const path = makeSparseImage(join(dir!, `e${count++}.img`), size, pieces)
          const extents = extentsOf(path, size)
          expect(extents).toBeDefined()
          expect(normalizeRanges(extents!)).toEqual(qemuDataExtents(path))
          // Every byte written lies inside an extent.
          for (const piece of pieces) {
            const end = piece.offset + piece.data.length
            expect(extents!.some((extent) => extent.offset <= piece.offset && end <= extent.offset + extent.length)).toBe(true)
          }
          rmSync(path)
        },
      ),
      { numRuns: 25 },
    )
  })
}

it('maps a 20 GiB file with a few pieces of data to just those pieces (the holes are never read)', async () => {
  const size = 20 * 2 ** 30
  const piece = Buffer.alloc(2 ** 20, 0x5a)
  const path = makeSparseImage(join(work.dir, 'big.img'), size, [
    { offset: 0, data: piece },
    { offset: size / 2, data: piece },
    { offset: size - piece.length, data: piece },
  ])
  const extents = extentsOf(path, size)
  expect(normalizeRanges(extents!)).toEqual(qemuDataExtents(path))
  expect(extents!.reduce((sum, extent) => sum + extent.length, 0)).toBeLessThan(16 * 2 ** 20)
  rmSync(path)
})

it('gives nothing, so the caller scans, when perl cannot be run', async () => {
  const path = makeSparseImage(join(work.dir, 'noperl.img'), 2 ** 20, [{ offset: 4096, data: Buffer.alloc(10, 1) }])
  const saved = process.env['PATH']
  process.env['PATH'] = join(work.dir, 'no-such-dir')
  try {
    expect(extentsOf(path, 2 ** 20)).toBeUndefined()
  } finally {
    process.env['PATH'] = saved
  }
})

it('refuses a map it does not fully understand', () => {
  expect(parseExtents('0 4096\n8192 12288\n', 20000)).toEqual([
    { offset: 0, length: 4096 },
    { offset: 8192, length: 4096 },
  ])
  // The last extent is cut at the size the caller knows.
  expect(parseExtents('0 65536\n', 1000)).toEqual([{ offset: 0, length: 1000 }])
  expect(parseExtents('', 1000)).toEqual([])
  for (const bad of ['0 but true 4096\n', '4096 0\n', '8192 12288\n0 4096\n', '0 4096\n2048 8192\n', '-1 5\n', '0 4096 7\n']) {
    expect(parseExtents(bad, 20000)).toBeUndefined()
  }
})
