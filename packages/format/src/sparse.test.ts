// A 20 GiB sparse raw image with a few MB of data in scattered places, including the last sector:
// every format must come out identical per qemu-img, cost no space for the holes, and read back.
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { convert, formatFileExtension, openImage, type ImageFormat } from './index.js'
import { firstDifference, GiB, makeSparseImage, MiB, patternBytes, qemuCheck, qemuCompare, qemuInfo, run, workDir } from './__fixtures__/images.js'

const SIZE = 20 * GiB
const PIECES = [
  { offset: 0, data: patternBytes(10, 3 * MiB, 'text') },
  { offset: 5 * GiB + 12345, data: patternBytes(11, 700_000, 'random') },
  { offset: 11 * GiB - 4096, data: patternBytes(12, 8192, 'text') },
  { offset: SIZE - 512, data: patternBytes(13, 512, 'random') },
]
/** Where to compare byte by byte: around every piece, plus holes between them. */
const RANGES: Array<[number, number]> = [
  ...PIECES.map(({ offset, data }): [number, number] => [Math.max(0, offset - 4 * MiB), Math.min(SIZE, offset + data.length + 4 * MiB)]),
  [8 * GiB, 8 * GiB + 8 * MiB],
]

const work = workDir()
let raw = ''
beforeAll(() => {
  raw = makeSparseImage(join(work.dir, 'sparse.img'), SIZE, PIECES)
})
afterAll(() => work.cleanup())

it.each<ImageFormat>(['raw', 'qcow2', 'qcow2-compressed', 'vdi', 'vpc', 'vmdk'])('%s of a 20 GiB sparse image: identical per qemu-img, holes cost nothing', async (format) => {
  const out = join(work.dir, `sparse-${format}${formatFileExtension(format)}`)
  await convert(raw, { format, out })
  if (format !== 'raw' && format !== 'vpc') expect(qemuCheck(out, format)).toMatchObject({ status: 0 })
  expect(qemuCompare(raw, out, format)).toMatchObject({ status: 0 })
  // Data is ~4.5 MB; allocation granularity (2 MiB VHD blocks) bounds the rest. The holes must not be stored.
  expect(statSync(out).blocks * 512).toBeLessThan(40 * MiB)
  const image = await openImage(out)
  try {
    expect(await firstDifference(image, raw, RANGES)).toBeUndefined()
  } finally {
    await image.close()
  }
})

it.each([
  ['qcow2', ['-c']],
  ['vdi', []],
  ['vpc', []],
  ['vmdk', ['-o', 'subformat=streamOptimized']],
])('our reader reads qemu-img convert -O %s %j of the sparse image equal to the raw image', async (format, extra) => {
  const out = join(work.dir, `qemu-sparse-${format}`)
  run('qemu-img', ['convert', '-f', 'raw', '-O', format, ...extra, raw, out])
  const image = await openImage(out)
  try {
    expect(image.virtualSize).toBe(qemuInfo(out, format)['virtual-size'])
    expect(await firstDifference(image, raw, RANGES)).toBeUndefined()
  } finally {
    await image.close()
  }
})

it('with dataRanges, reads only those ranges: identical when they cover the data, missing what they leave out', async () => {
  const ranges = PIECES.map(({ offset, data }) => ({ offset, length: data.length }))
  const out = join(work.dir, 'ranged.qcow2')
  await convert(raw, { format: 'qcow2', out, dataRanges: ranges })
  expect(qemuCompare(raw, out, 'qcow2')).toMatchObject({ status: 0 })
  // Leave out the piece at 5 GiB: it must be absent from the output, so it was never read.
  const partial = join(work.dir, 'partial.qcow2')
  await convert(raw, { format: 'qcow2', out: partial, dataRanges: ranges.filter((_, i) => i !== 1) })
  const compare = qemuCompare(raw, partial, 'qcow2')
  expect(compare.status).toBe(1)
  expect(compare.output).toContain(`Content mismatch at offset ${PIECES[1]!.offset - (PIECES[1]!.offset % 512)}`)
})
