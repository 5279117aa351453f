/**
 * `diff` against the real tools: an efi image built by the pipeline, one byte
 * flipped at a place that sfdisk, native debugfs/dumpe2fs and mtools locate
 * (never our own reader), and the structure diff must name — in raw images and
 * in qcow2 / vdi / vhd made by qemu-img.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildImage, diffImages, formatDifference, layout, DEFAULT_ROOT_GPUID } from '@diskimage/core'
import { writeTable } from '@diskimage/partition'
import { generateTree } from './helpers/generateTree.js'
import { extractRegion } from './helpers/checkImage.js'
import { buildCli, CLI } from './reliability/helpers/cli.js'

let work: string
let original: string
/** Byte offset and length of each partition, from sfdisk. */
let parts: Array<{ start: number; size: number }>
/** Every flip case: a disk offset and the one line diff must print for it. */
const cases: Array<{ name: string; offset: number; line: string }> = []

const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: 'pipe' })

function flipped(source: string, name: string, offsets: number[]): string {
  const copy = join(work, name)
  copyFileSync(source, copy)
  const fd = openSync(copy, 'r+')
  try {
    for (const offset of offsets) {
      const byte = Buffer.alloc(1)
      readSync(fd, byte, 0, 1, offset)
      byte[0] = byte[0]! ^ 0x01
      writeSync(fd, byte, 0, 1, offset)
    }
  } finally {
    closeSync(fd)
  }
  return copy
}

const lines = async (a: string, b: string) => (await diffImages(a, b)).differences.map(formatDifference)

beforeAll(async () => {
  buildCli()
  work = mkdtempSync(join(tmpdir(), 'diff-test-'))
  const tree = generateTree(join(work, 'tree'))
  const esp = join(work, 'esp')
  mkdirSync(join(esp, 'EFI/BOOT'), { recursive: true })
  writeFileSync(join(esp, 'EFI/BOOT/BOOTX64.EFI'), 'BOOTX64-PAYLOAD-' + 'e'.repeat(20_000))
  const built = await buildImage({ root: tree, out: join(work, 'out'), partitionTableType: 'efi', additionalSpace: '16M', bootSize: '64M', installBootLoader: false, espContents: esp })
  original = built.imagePath

  // Positions from the real tools.
  const table = JSON.parse(sh('sfdisk', ['--json', original])) as { partitiontable: { lastlba: number; partitions: Array<{ start: number; size: number }> } }
  parts = table.partitiontable.partitions.map((p) => ({ start: p.start * 512, size: p.size * 512 }))
  const [espPart, rootPart] = parts as [{ start: number; size: number }, { start: number; size: number }]

  const root = extractRegion(original, rootPart.start, rootPart.size)
  const debugfs = (request: string) => sh('debugfs', ['-R', request, root])
  const gdtBlock = Number(/Group descriptors at (\d+)-/.exec(sh('dumpe2fs', [root]))![1])
  const imap = (path: string) => {
    const m = /Inode (\d+) is part of block group \d+\s+located at block (\d+), offset 0x([0-9a-f]+)/.exec(debugfs(`imap ${path}`))!
    return { inode: Number(m[1]), offset: Number(m[2]) * 4096 + parseInt(m[3]!, 16) }
  }
  const hostname = imap('/etc/hostname')
  const dataFile = '/usr/share/pkg0/deep/er/still/f4.txt'
  const dataBlock = Number(debugfs(`bmap ${dataFile} 0`).trim())
  const dataInode = imap(dataFile).inode

  const espFile = extractRegion(original, espPart.start, espPart.size)
  const minfo = sh('minfo', ['-i', espFile, '::'])
  const fatType = /disk type="(FAT\d+)/.exec(minfo)![1]
  const reserved = Number(/reserved \(boot\) sectors: (\d+)/.exec(minfo)![1])
  const clusters = (path: string) => Number(/<(\d+)/.exec(sh('mshowfat', ['-i', espFile, `::${path}`]))![1])
  const bootCluster = clusters('/EFI/BOOT/BOOTX64.EFI')
  const espBytes = readFileSync(espFile)
  const dirEntry = espBytes.indexOf('BOOTX64 EFI', 0, 'latin1')
  const payload = espBytes.indexOf('BOOTX64-PAYLOAD-', 0, 'latin1')
  rmSync(join(root, '..'), { recursive: true, force: true })
  rmSync(join(espFile, '..'), { recursive: true, force: true })
  expect(fatType).toBe('FAT16') // BS_VolID at 0x27 and 2-byte FAT entries below follow from this
  expect(dirEntry % 32).toBe(0)

  const T = table.partitiontable.lastlba + 34 // sfdisk's last usable LBA is T-34
  cases.push(
    { name: 'protective MBR entry type', offset: 446 + 4, line: 'protective MBR: entry 1 type' },
    { name: 'GPT header disk GUID', offset: 512 + 56, line: 'GPT header: disk GUID' },
    { name: 'GPT entry name', offset: 1024 + 128 + 56, line: 'GPT entries: entry 2: name' },
    { name: 'backup GPT entries', offset: (T - 33) * 512 + 16, line: 'backup GPT entries: entry 1: unique GUID' },
    { name: 'backup GPT header', offset: (T - 1) * 512 + 16, line: 'backup GPT header: header CRC32' },
    { name: 'free space', offset: 100 * 512, line: 'free space (sectors 34..16383): disk sector 100' },
    { name: 'ext4 superblock', offset: rootPart.start + 1024 + 0x78, line: 'partition 2 (ext4): superblock: s_volume_name' },
    { name: 'ext4 group descriptor', offset: rootPart.start + gdtBlock * 4096 + 0x12, line: 'partition 2 (ext4): group descriptor 0: bg_flags' },
    { name: 'ext4 inode', offset: rootPart.start + hostname.offset + 0x10, line: `partition 2 (ext4): inode ${hostname.inode} (/etc/hostname): i_mtime` },
    { name: 'ext4 file data', offset: rootPart.start + dataBlock * 4096 + 3, line: `partition 2 (ext4): inode ${dataInode} (${dataFile}) blocks: ${dataBlock}` },
    { name: 'FAT boot sector', offset: espPart.start + 0x27, line: 'partition 1 (fat): boot sector: BS_VolID' },
    { name: 'FAT entry', offset: espPart.start + reserved * 512 + bootCluster * 2, line: `partition 1 (fat): FAT 1: cluster ${bootCluster}` },
    { name: 'FAT directory entry', offset: espPart.start + dirEntry + 28, line: 'partition 1 (fat): directory /EFI/BOOT: entry BOOTX64.EFI: DIR_FileSize' },
    { name: 'FAT file data', offset: espPart.start + payload + 2, line: `partition 1 (fat): file /EFI/BOOT/BOOTX64.EFI: cluster ${bootCluster}` },
  )
}, 300_000)

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true })
})

describe('diff names a single flipped byte in each region type (raw)', () => {
  it('finds nothing between an image and its copy', async () => {
    const result = await diffImages(original, flipped(original, 'copy.img', []))
    expect(result).toMatchObject({ equal: true, differences: [], truncated: false })
  })

  it.each(Array.from({ length: 14 }, (_, i) => i))('case %i', async (i) => {
    const c = cases[i]!
    const b = flipped(original, `flip-${i}.img`, [c.offset])
    expect(await lines(original, b), c.name).toEqual([c.line])
    rmSync(b)
  }, 120_000)

  it('names MBR fields of an msdos table', async () => {
    const image = join(work, 'msdos.img')
    writeFileSync(image, '')
    execFileSync('truncate', ['-s', '64M', image])
    const { table } = layout({ partitionTableType: 'legacy+boot', bootSize: 16 * 2 ** 20, deterministic: true, rootGPUID: DEFAULT_ROOT_GPUID }, 64 * 2 ** 20)
    await writeTable(image, table!)
    // sfdisk agrees the table has two partitions; the flips hit the signature and entry 2's start.
    expect(JSON.parse(sh('sfdisk', ['--json', image])).partitiontable.partitions).toHaveLength(2)
    expect(await lines(image, flipped(image, 'msdos-sig.img', [440]))).toEqual(['MBR: disk signature'])
    expect(await lines(image, flipped(image, 'msdos-entry.img', [446 + 16 + 8]))).toEqual(['MBR: entry 2 first LBA'])
  })
})

describe.each([['qcow2'], ['vdi'], ['vpc']] as const)('diff of %s images made by qemu-img', (format) => {
  it('names every flipped byte, also against the raw original', async () => {
    const b = flipped(original, `all-${format}.img`, cases.map((c) => c.offset))
    const aConv = join(work, `a.${format}`)
    const bConv = join(work, `b.${format}`)
    // force_size: without it qemu-img rounds a vhd up to a CHS geometry, a real difference diff would report.
    const options = format === 'vpc' ? ['-o', 'force_size=on'] : []
    sh('qemu-img', ['convert', '-O', format, ...options, original, aConv])
    sh('qemu-img', ['convert', '-O', format, ...options, b, bConv])
    const expected = cases.map((c) => c.line).sort()
    expect((await lines(aConv, bConv)).sort()).toEqual(expected)
    expect((await lines(original, bConv)).sort()).toEqual(expected)
    rmSync(b)
  }, 180_000)
})

describe('make-disk-image diff', () => {
  const cli = (args: string[]) => {
    try {
      return { code: 0, stdout: execFileSync(process.execPath, [CLI, 'diff', ...args], { encoding: 'utf8', stdio: 'pipe' }) }
    } catch (error) {
      const e = error as { status: number; stdout: string }
      return { code: e.status, stdout: e.stdout }
    }
  }

  it('exits 0 with no output when equal, 1 with one line per difference, 2 on usage errors', () => {
    expect(cli([original, original])).toEqual({ code: 0, stdout: '' })
    const b = flipped(original, 'cli.img', [cases[1]!.offset, cases[6]!.offset])
    expect(cli([original, b])).toEqual({ code: 1, stdout: `${cases[1]!.line}\n${cases[6]!.line}\n` })
    expect(cli([original]).code).toBe(2)
    expect(cli([original, join(work, 'missing.img')]).code).toBe(2)
    expect(cli(['--bogus', original, b]).code).toBe(2)
  })
})
