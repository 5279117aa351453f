// Every format against qemu-img, the oracle: `qemu-img check` clean, `qemu-img compare` identical,
// and our reader reads back both our output and qemu-img's own conversion equal to the raw image.
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { convert, formatFileExtension, openImage, type ImageFormat } from './index.js'
import { firstDifference, makeExt4Image, makeSparseImage, MiB, patternBytes, qemuCheck, qemuCompare, qemuInfo, run, workDir } from './__fixtures__/images.js'

const FORMATS: ImageFormat[] = ['raw', 'qcow2', 'qcow2-compressed', 'vdi', 'vpc', 'vmdk']
/** qemu-img check supports qcow2, vdi and vmdk; for vpc it says "This image format does not support checks". */
const CHECKABLE = new Set<ImageFormat>(['qcow2', 'qcow2-compressed', 'vdi', 'vmdk'])

const work = workDir()
const fixtures: Record<string, string> = {}

beforeAll(() => {
  fixtures['tiny 1 MiB'] = makeSparseImage(join(work.dir, 'tiny.img'), MiB, [
    { offset: 0, data: patternBytes(1, 4096, 'text') },
    { offset: MiB - 512, data: patternBytes(2, 512, 'random') },
  ])
  // 3 MiB + 7 sectors + 100 bytes: not a multiple of the 64 KiB cluster, the 1 MiB VDI block or a sector.
  const oddSize = 3 * MiB + 7 * 512 + 100
  fixtures['odd size'] = makeSparseImage(join(work.dir, 'odd.img'), oddSize, [
    { offset: 65536 - 100, data: patternBytes(3, 300, 'random') },
    { offset: MiB, data: patternBytes(4, 200_000, 'text') },
    { offset: oddSize - 1000, data: patternBytes(5, 1000, 'random') },
  ])
  fixtures['gpt + ext4 (parted, mkfs.ext4 -d)'] = makeExt4Image(work.dir)
})
afterAll(() => work.cleanup())

describe.each(['tiny 1 MiB', 'odd size', 'gpt + ext4 (parted, mkfs.ext4 -d)'])('%s', (fixture) => {
  it.each(FORMATS)('%s: qemu-img check clean, qemu-img compare identical, our reader equal', async (format) => {
    const raw = fixtures[fixture]!
    const out = join(work.dir, `${fixture.replace(/\W+/g, '-')}-${format}${formatFileExtension(format)}`)
    const result = await convert(raw, { format, out, threads: 2 })
    expect(qemuInfo(out).format).toBe(format === 'qcow2-compressed' ? 'qcow2' : format)
    if (CHECKABLE.has(format)) expect(qemuCheck(out, format)).toMatchObject({ status: 0 })
    expect(qemuCompare(raw, out, format)).toMatchObject({ status: 0 })
    // A raw copy keeps the exact byte size; qemu-img info would round a raw file up to whole sectors.
    expect(result.virtualSize).toBe(format === 'raw' ? statSync(raw).size : qemuInfo(out)['virtual-size'])
    const image = await openImage(out)
    try {
      expect(image.format).toBe(format === 'qcow2-compressed' ? 'qcow2' : format)
      expect(await firstDifference(image, raw)).toBeUndefined()
    } finally {
      await image.close()
    }
  })

  it.each([
    ['qcow2', []],
    ['qcow2', ['-c']],
    ['vdi', []],
    ['vpc', []],
    ['vpc', ['-o', 'subformat=fixed']],
    ['vmdk', []],
    ['vmdk', ['-o', 'subformat=streamOptimized']],
  ])('our reader reads qemu-img convert -O %s %j equal to the raw image', async (format, extra) => {
    const raw = fixtures[fixture]!
    const out = join(work.dir, `qemu-${fixture.replace(/\W+/g, '-')}-${format}-${extra.join('')}`)
    run('qemu-img', ['convert', '-f', 'raw', '-O', format, ...extra, raw, out])
    const image = await openImage(out)
    try {
      expect(image.virtualSize).toBe(qemuInfo(out, format)['virtual-size'])
      expect(await firstDifference(image, raw)).toBeUndefined()
    } finally {
      await image.close()
    }
  })
})
