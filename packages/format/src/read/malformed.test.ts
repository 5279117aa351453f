// Malformed images must give a typed FormatError: never another exception, a crash, a hang or a huge
// allocation. Images written by our converter are corrupted at random in their metadata and truncated.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { convert } from '../convert.js'
import { FormatError } from '../errors.js'
import type { ImageFormat } from '../image-format.js'
import { makeSparseImage, MiB, patternBytes, workDir } from '../__fixtures__/images.js'
import { openImage } from './open-image.js'

const work = workDir()
const images: Partial<Record<ImageFormat, Buffer>> = {}
const FORMATS: ImageFormat[] = ['qcow2', 'qcow2-compressed', 'vdi', 'vpc', 'vmdk']

beforeAll(async () => {
  const raw = makeSparseImage(join(work.dir, 'in.img'), 3 * MiB, [
    { offset: 4096, data: patternBytes(30, 100_000, 'text') },
    { offset: 2 * MiB + 77, data: patternBytes(31, 70_000, 'random') },
  ])
  for (const format of FORMATS) {
    const out = join(work.dir, `in.${format}`)
    await convert(raw, { format, out, threads: 1 })
    images[format] = readFileSync(out)
  }
})
afterAll(() => work.cleanup())

/** Opens `bytes` as an image and reads all of it; returns the error, if any. */
async function openAndReadAll(bytes: Buffer, name: string): Promise<unknown> {
  const path = join(work.dir, name)
  writeFileSync(path, bytes)
  try {
    const image = await openImage(path)
    try {
      for (let offset = 0; offset < Math.min(image.virtualSize, 8 * MiB); offset += MiB) {
        await image.read(offset, Math.min(MiB, image.virtualSize - offset))
      }
    } finally {
      await image.close()
    }
    return undefined
  } catch (error) {
    return error
  }
}

/** Where each format keeps metadata worth corrupting: headers, tables, markers, footers. */
function metadataOffset(format: ImageFormat, size: number, pick: number): number {
  const regions: Array<[number, number]> =
    format === 'vpc' || format === 'vmdk' ? [[0, 2048], [size - 2048, size]] : format === 'vdi' ? [[0, 1024]] : [[0, 512], [size - 4 * 65536, size]]
  const [start, end] = regions[pick % regions.length]!
  return start + (Math.floor(pick / regions.length) % (end - start))
}

it.each(FORMATS)('%s: random corruption of metadata gives a FormatError or reads fine, never anything else', async (format) => {
  const original = images[format]!
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), async (edits) => {
      const bytes = Buffer.from(original)
      for (const [pick, value] of edits) bytes[metadataOffset(format, bytes.length, pick)] = value
      const error = await openAndReadAll(bytes, `fuzz.${format}`)
      if (error !== undefined) expect(error).toBeInstanceOf(FormatError)
    }),
    { numRuns: 100 },
  )
})

it.each(FORMATS)('%s: a truncated file gives a FormatError or reads fine', async (format) => {
  const original = images[format]!
  for (const length of [0, 100, 511, 512, 1536, Math.floor(original.length / 2), original.length - 1]) {
    const error = await openAndReadAll(original.subarray(0, length), `cut-${length}.${format}`)
    if (error !== undefined) expect(error).toBeInstanceOf(FormatError)
  }
})

it('reads a corrupted qcow2 L1 size as a CorruptImageError naming the format', async () => {
  const bytes = Buffer.from(images.qcow2!)
  bytes.writeUInt32BE(0x7fffffff, 36)
  expect(await openAndReadAll(bytes, 'l1.qcow2')).toMatchObject({ code: 'E_FORMAT_CORRUPT', data: { format: 'qcow2' } })
})
