// Options are checked before any byte is written, with typed errors naming the option; a failed
// conversion leaves nothing behind; file names follow the reference.
import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { convert, formatFileExtension, openImage, ImageTooLargeError, InvalidOptionError, SourceImageError, type ConvertOptions } from './index.js'
import { GiB, makeSparseImage, workDir } from './__fixtures__/images.js'

const work = workDir()
afterAll(() => work.cleanup())

it('names files as make-disk-image.nix does', () => {
  expect([formatFileExtension('qcow2'), formatFileExtension('qcow2-compressed'), formatFileExtension('vdi'), formatFileExtension('vpc'), formatFileExtension('raw'), formatFileExtension('vmdk')]).toEqual(['.qcow2', '.qcow2', '.vdi', '.vhd', '.img', '.vmdk'])
})

it.each<[string, Partial<ConvertOptions>]>([
  ['format', { format: 'qcow3' as never }],
  ['out', { out: '' }],
  ['threads', { threads: -1 }],
  ['threads', { threads: 0 }],
  ['threads', { threads: 1.5 }],
  ['compress', { format: 'qcow2', compress: 'deflate' }],
  ['compress', { compress: 'lz4' as never }],
  ['compress', { format: 'vmdk', compress: 'zstd' }],
  ['deterministic', { deterministic: 'yes' as never }],
  ['seed', { seed: '' }],
  ['dataRanges', { dataRanges: [{ offset: -1, length: 10 }] }],
])('rejects a bad %s before writing anything', async (option, bad) => {
  const dir = join(work.dir, `bad-${option}-${Object.values(bad).join('')}`.replace(/\W+/g, '_'))
  const raw = makeSparseImage(`${dir}.img`, 1 << 20, [])
  const error = await convert(raw, { format: 'qcow2-compressed', out: `${dir}.qcow2`, ...bad }).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(InvalidOptionError)
  expect(error).toMatchObject({ code: 'E_FORMAT_OPTION', data: { option } })
  expect(readdirSync(work.dir).filter((name) => name.includes(`bad-${option}`) && !name.endsWith('.img'))).toEqual([])
})

it('rejects a missing, empty or directory input with SourceImageError', async () => {
  const empty = join(work.dir, 'empty.img')
  writeFileSync(empty, '')
  for (const input of [join(work.dir, 'missing.img'), empty, work.dir]) {
    await expect(convert(input, { format: 'qcow2', out: join(work.dir, 'x.qcow2') })).rejects.toMatchObject({ code: 'E_FORMAT_SOURCE' })
  }
  await expect(convert(empty, { format: 'qcow2', out: join(work.dir, 'x.qcow2') })).rejects.toBeInstanceOf(SourceImageError)
  // The temporary output is created while the source is opened: every failure above removed it.
  expect(readdirSync(work.dir).filter((name) => name.includes('x.qcow2'))).toEqual([])
})

it('rejects an output in a missing directory with OutputImageError, and a missing image to open with SourceImageError', async () => {
  const raw = makeSparseImage(join(work.dir, 'small.img'), 1 << 20, [])
  await expect(convert(raw, { format: 'vdi', out: join(work.dir, 'no', 'such', 'dir.vdi') })).rejects.toMatchObject({ code: 'E_FORMAT_OUTPUT' })
  await expect(openImage(join(work.dir, 'missing.qcow2'))).rejects.toMatchObject({ code: 'E_FORMAT_SOURCE' })
})

it('removes its temporary file when a conversion fails half-way (a VHD over 2040 GiB)', async () => {
  const dir = join(work.dir, 'too-large')
  const { mkdirSync } = await import('node:fs')
  mkdirSync(dir)
  const raw = makeSparseImage(join(dir, 'huge.img'), 2041 * GiB, [])
  const error = await convert(raw, { format: 'vpc', out: join(dir, 'huge.vhd') }).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(ImageTooLargeError)
  expect(error).toMatchObject({ code: 'E_FORMAT_TOO_LARGE', data: { format: 'vpc' } })
  expect(readdirSync(dir)).toEqual(['huge.img'])
})

it('reports progress up to the whole input', async () => {
  const raw = makeSparseImage(join(work.dir, 'progress.img'), 10 << 20, [{ offset: 5 << 20, data: Buffer.from('data') }])
  const seen: number[] = []
  await convert(raw, { format: 'qcow2', out: join(work.dir, 'progress.qcow2'), onProgress: (p) => seen.push(p.bytesDone / p.bytesTotal) })
  expect(seen.at(-1)).toBe(1)
  expect([...seen].sort((a, b) => a - b)).toEqual(seen)
})
