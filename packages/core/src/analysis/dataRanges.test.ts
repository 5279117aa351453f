import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, symlinkSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { convert } from '@diskimage/format'
import { buildImage, LAYOUT_TABLE_TYPES } from '../index.js'
import type { ByteRange } from './byteRanges.js'
import { rawImageDataRanges } from './dataRanges.js'

const BLOCK = 4096
let work: string
let tree: string
let esp: string

/** Every 4 KiB block of the file that holds a non-zero byte (the oracle: a full scan). */
function nonZeroBlocks(path: string): number[] {
  const fd = openSync(path, 'r')
  const chunk = Buffer.alloc(4 << 20)
  const zero = Buffer.alloc(BLOCK)
  const found: number[] = []
  try {
    for (let offset = 0; ; offset += chunk.length) {
      const n = readSync(fd, chunk, 0, chunk.length, offset)
      if (n === 0) break
      for (let at = 0; at < n; at += BLOCK) {
        const end = Math.min(n, at + BLOCK)
        if (chunk.compare(zero, 0, end - at, at, end) !== 0) found.push((offset + at) / BLOCK)
      }
    }
  } finally {
    closeSync(fd)
  }
  return found
}

/** The non-zero bytes of `path` that no range covers, as "block N" strings (empty: all covered). */
function uncovered(path: string, ranges: readonly ByteRange[]): string[] {
  const bytes = readFileSync(path)
  const missing: string[] = []
  for (const block of nonZeroBlocks(path)) {
    for (let at = block * BLOCK; at < Math.min(bytes.length, (block + 1) * BLOCK); at++) {
      if (bytes[at] !== 0 && !ranges.some((r) => at >= r.offset && at < r.offset + r.length)) {
        missing.push(`block ${block} (byte ${at})`)
        break
      }
    }
  }
  return missing
}

const covered = (ranges: readonly ByteRange[]) => ranges.reduce((sum, r) => sum + r.length, 0)

function qemuImg(args: string[]): string {
  return execFileSync('qemu-img', args, { encoding: 'utf8' })
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'data-ranges-'))
  tree = join(work, 'tree')
  mkdirSync(join(tree, 'usr/lib/deep/er'), { recursive: true })
  mkdirSync(join(tree, 'etc'))
  // Random (incompressible) files of several sizes, small ones inline-sized, a large one spanning groups' worth of extents.
  for (const [name, size] of [['etc/hostname', 9], ['usr/lib/a.so', 70_000], ['usr/lib/deep/er/big.bin', 9 << 20], ['usr/lib/sparse-ish', 200_003]] as const) {
    writeFileSync(join(tree, name), randomBytes(size))
  }
  for (let i = 0; i < 300; i++) writeFileSync(join(tree, 'usr/lib/deep', `f${i}`), `file ${i}\n`.repeat(i))
  symlinkSync('../usr/lib/a.so', join(tree, 'etc/link'))
  esp = join(work, 'esp')
  mkdirSync(join(esp, 'EFI/BOOT'), { recursive: true })
  writeFileSync(join(esp, 'EFI/BOOT/BOOTX64.EFI'), randomBytes(300_000))
})

afterAll(() => rmSync(work, { recursive: true, force: true }))

describe.each(LAYOUT_TABLE_TYPES.map((t) => [t]))('dataRanges of a built image, layout %s', (type) => {
  it('covers every non-zero byte, far less than the disk, and convert with them writes the same bytes as without', async () => {
    const out = join(work, `out-${type}`)
    const hasEsp = type === 'efi' || type === 'hybrid' || type === 'efixbootldr'
    const { imagePath, diskSize } = await buildImage({
      root: tree,
      out,
      partitionTableType: type,
      additionalSpace: '64M',
      installBootLoader: false,
      ...(hasEsp ? { espContents: esp } : {}),
    })
    const ranges = await rawImageDataRanges(imagePath)
    expect(uncovered(imagePath, ranges)).toEqual([])
    // Not the whole disk: the free blocks of the file systems are left out.
    expect(covered(ranges)).toBeLessThan(diskSize * 0.6)

    const withRanges = join(work, `with-${type}.qcow2`)
    const without = join(work, `without-${type}.qcow2`)
    await convert(imagePath, { format: 'qcow2', out: withRanges, dataRanges: ranges })
    await convert(imagePath, { format: 'qcow2', out: without })
    expect(readFileSync(withRanges).equals(readFileSync(without)), 'same bytes with and without dataRanges').toBe(true)
    expect(qemuImg(['compare', '-f', 'raw', '-F', 'qcow2', imagePath, withRanges])).toMatch(/Images are identical/)
    qemuImg(['check', '-f', 'qcow2', withRanges])
  }, 120_000)
})

describe('dataRanges of file systems made by the native tools', () => {
  it('ext4 with 1 KiB blocks and many BLOCK_UNINIT groups; FAT12, FAT16 and FAT32 with files', async () => {
    const cases: Array<{ name: string; sizeMiB: number; make: (image: string) => void }> = [
      { name: 'ext4-1k', sizeMiB: 300, make: (image) => execFileSync('mkfs.ext4', ['-q', '-F', '-b', '1024', '-d', tree, image]) },
      { name: 'ext4-4k', sizeMiB: 600, make: (image) => execFileSync('mkfs.ext4', ['-q', '-F', '-d', tree, image]) },
      ...([12, 16, 32] as const).map((bits) => ({
        name: `fat${bits}`,
        sizeMiB: bits === 32 ? 300 : bits === 16 ? 64 : 4,
        make: (image: string) => {
          execFileSync('mkfs.fat', ['-F', String(bits), image], { stdio: 'ignore' })
          execFileSync('mcopy', ['-s', '-i', image, join(esp, 'EFI'), join(tree, 'usr'), '::/'].slice(0, bits === 12 ? 5 : 6), { stdio: 'ignore' })
        },
      })),
    ]
    for (const { name, sizeMiB, make } of cases) {
      const image = join(work, `${name}.img`)
      const fd = openSync(image, 'w')
      writeSync(fd, Buffer.alloc(1), 0, 1, sizeMiB * 2 ** 20 - 1)
      closeSync(fd)
      make(image)
      const ranges = await rawImageDataRanges(image)
      expect(uncovered(image, ranges), name).toEqual([])
      expect(covered(ranges), name).toBeLessThan(sizeMiB * 2 ** 20 * 0.6)
    }
  }, 120_000)
})

describe('what dataRanges cannot see', () => {
  it('a byte written into a free ext4 block (as a VM deleting a file leaves it) is outside the ranges', async () => {
    const image = join(work, 'stale.img')
    const fd = openSync(image, 'w')
    writeSync(fd, Buffer.alloc(1), 0, 1, 64 * 2 ** 20 - 1)
    closeSync(fd)
    execFileSync('mkfs.ext4', ['-q', '-F', '-b', '4096', '-d', join(tree, 'etc'), image])
    // The last block of the file system: free after mkfs (dumpe2fs -b would list it otherwise).
    expect(execFileSync('dumpe2fs', [image], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })).toMatch(/Free blocks: \d+-16383\n/)
    const stale = openSync(image, 'r+')
    writeSync(stale, Buffer.from('stale'), 0, 5, 16383 * 4096)
    closeSync(stale)
    expect(uncovered(image, await rawImageDataRanges(image))).toEqual(['block 16383 (byte 67104768)'])
  })
})
