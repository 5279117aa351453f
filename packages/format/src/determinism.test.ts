// Same input → same bytes, whatever the thread count; and deterministic: false really varies the
// header UUIDs (as qemu-img's do), so the deterministic derivation is what makes outputs equal.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { convert, formatFileExtension, type ImageFormat } from './index.js'
import { fileDigest, makeSparseImage, MiB, patternBytes, qemuCompare, workDir } from './__fixtures__/images.js'

const work = workDir()
let raw = ''
beforeAll(() => {
  raw = makeSparseImage(join(work.dir, 'in.img'), 40 * MiB, [
    { offset: 0, data: patternBytes(20, 6 * MiB, 'text') },
    { offset: 9 * MiB, data: patternBytes(21, 2 * MiB, 'random') },
    { offset: 30 * MiB + 333, data: patternBytes(22, 3 * MiB, 'text') },
  ])
})
afterAll(() => work.cleanup())

async function digestOf(format: ImageFormat, name: string, options: { threads?: number; deterministic?: boolean; seed?: string } = {}): Promise<string> {
  // Same file name in its own directory: a VMDK descriptor names its own file, as qemu-img's does.
  const dir = join(work.dir, name)
  mkdirSync(dir)
  const out = join(dir, `disk${formatFileExtension(format)}`)
  await convert(raw, { format, out, ...options })
  expect(qemuCompare(raw, out, format)).toMatchObject({ status: 0 })
  return fileDigest(out)
}

it.each<ImageFormat>(['qcow2-compressed', 'vmdk'])('%s: identical bytes with 1, 2 and 5 threads', async (format) => {
  const one = await digestOf(format, `${format}-t1`, { threads: 1 })
  expect(await digestOf(format, `${format}-t2`, { threads: 2 })).toBe(one)
  expect(await digestOf(format, `${format}-t5`, { threads: 5 })).toBe(one)
})

it.each<ImageFormat>(['raw', 'qcow2', 'vdi', 'vpc'])('%s: identical bytes on two runs', async (format) => {
  expect(await digestOf(format, `${format}-b`)).toBe(await digestOf(format, `${format}-a`))
})

it.each<ImageFormat>(['vdi', 'vpc', 'vmdk'])('%s: deterministic: false gives fresh UUIDs; a seed changes the derived ones', async (format) => {
  const derived = await digestOf(format, `${format}-derived`)
  expect(await digestOf(format, `${format}-random1`, { deterministic: false })).not.toBe(derived)
  expect(await digestOf(format, `${format}-seeded`, { seed: 'another seed' })).not.toBe(derived)
  expect(await digestOf(format, `${format}-seeded-again`, { seed: 'another seed' })).toBe(await digestOf(format, `${format}-seeded-twice`, { seed: 'another seed' }))
})
