// The correctness list, case (a): a built efi image of the Debian minbase tree converted to
// every format as buildImage converts it (with the data ranges of its table and file systems): qemu-img
// check clean, qemu-img compare identical, our reader equal to the raw image (on our output and on
// qemu-img's), and the same bytes as a convert that scans the whole raw image.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { closeSync, fstatSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { convert, formatFileExtension, IMAGE_FORMATS, openImage } from '@diskimage/format'
import { debianTree } from '../../../../test/fixtures/debian-tree.js'
import { buildImage } from '../index.js'
import type { ByteRange } from './byteRanges.js'
import { rawImageDataRanges } from './dataRanges.js'

const QEMU_FORMAT = { raw: 'raw', qcow2: 'qcow2', 'qcow2-compressed': 'qcow2', vdi: 'vdi', vpc: 'vpc', vmdk: 'vmdk' } as const
/** qemu-img check supports qcow2, vdi and vmdk. */
const CHECKABLE = new Set(['qcow2', 'qcow2-compressed', 'vdi', 'vmdk'])
const CHUNK = 4 << 20

/** Whether two files hold the same bytes (read in chunks: a raw output is the whole disk). */
function sameBytes(a: string, b: string): boolean {
  const [fa, fb] = [openSync(a, 'r'), openSync(b, 'r')]
  try {
    if (fstatSync(fa).size !== fstatSync(fb).size) return false
    const [ba, bb] = [Buffer.alloc(CHUNK), Buffer.alloc(CHUNK)]
    for (let at = 0; ; at += CHUNK) {
      const n = readSync(fa, ba, 0, CHUNK, at)
      if (n === 0) return true
      if (readSync(fb, bb, 0, CHUNK, at) !== n || !ba.subarray(0, n).equals(bb.subarray(0, n))) return false
    }
  } finally {
    closeSync(fa)
    closeSync(fb)
  }
}

/** Our reader reads the virtual disk of `path` equal to the raw image, 4 MiB at a time. */
async function expectReadsAsRaw(path: string): Promise<void> {
  const image = await openImage(path)
  const fd = openSync(raw, 'r')
  try {
    const size = fstatSync(fd).size
    const expected = Buffer.alloc(CHUNK)
    for (let at = 0; at < size; at += CHUNK) {
      const length = readSync(fd, expected, 0, Math.min(CHUNK, size - at), at)
      if (!(await image.read(at, length)).equals(expected.subarray(0, length))) expect.fail(`${path}: our reader differs from the raw image in ${at}..${at + length}`)
    }
  } finally {
    closeSync(fd)
    await image.close()
  }
}

let work: string
let raw: string
let ranges: ByteRange[]

beforeAll(async () => {
  const tree = await debianTree()
  work = mkdtempSync(join(tmpdir(), 'data-ranges-debian-'))
  raw = (await buildImage({ root: tree, out: join(work, 'out'), partitionTableType: 'efi', installBootLoader: false })).imagePath
  ranges = await rawImageDataRanges(raw)
}, 2_400_000)

afterAll(() => rmSync(work, { recursive: true, force: true }))

describe.each(IMAGE_FORMATS.map((f) => [f]))('the Debian minbase efi image as %s', (format) => {
  it('is clean and identical per qemu-img, reads back equal (ours and qemu-img\'s), and is the same file with and without data ranges', async () => {
    // The same file name in two directories: a vmdk names its own file in its descriptor.
    const out = join(work, `ranged-${format}`, `disk${formatFileExtension(format)}`)
    const scanned = join(work, `scanned-${format}`, `disk${formatFileExtension(format)}`)
    mkdirSync(dirname(out))
    mkdirSync(dirname(scanned))
    await convert(raw, { format, out, dataRanges: ranges, threads: 2 })
    await convert(raw, { format, out: scanned, threads: 2 })
    expect(sameBytes(out, scanned), 'same bytes with and without dataRanges').toBe(true)
    if (CHECKABLE.has(format)) expect(spawnSync('qemu-img', ['check', '-f', QEMU_FORMAT[format], out]).status).toBe(0)
    const compare = spawnSync('qemu-img', ['compare', '-f', 'raw', '-F', QEMU_FORMAT[format], raw, out], { encoding: 'utf8' })
    expect(compare.status, compare.stdout + compare.stderr).toBe(0)
    await expectReadsAsRaw(out)
    // And qemu-img's own conversion of the same raw image, read back by our reader.
    const theirs = join(work, `qemu-${format}`)
    const qemuArgs = format === 'qcow2-compressed' ? ['-O', 'qcow2', '-c'] : format === 'vmdk' ? ['-O', 'vmdk', '-o', 'subformat=streamOptimized'] : ['-O', format]
    expect(spawnSync('qemu-img', ['convert', '-f', 'raw', ...qemuArgs, raw, theirs]).status).toBe(0)
    await expectReadsAsRaw(theirs)
  }, 300_000)
})
