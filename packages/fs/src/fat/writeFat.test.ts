// writeFat against the reference's step: native `mkfs.vfat -n ESP` run on a file the size of the
// partition (what the reference's VM sees as /dev/vda1), its bytes then compared with the partition's
// region of our image. Since writeFat copies only up to the end of the metadata mkfs.fat writes
// (fatMetadataEnd), this also proves that nothing mkfs.fat writes lies past that end, for FAT12, 16
// and 32; and that the image outside the partition stays untouched.
import { execFileSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { writeFat } from './writeFat.js'
import { fatMetadataEnd } from './fatMetadataEnd.js'

const MiB = 1 << 20
const dir = mkdtempSync(join(tmpdir(), 'write-fat-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function read(path: string, offset: number, length: number): Buffer {
  const fd = openSync(path, 'r')
  try {
    const buf = Buffer.alloc(length)
    readSync(fd, buf, 0, length, offset)
    return buf
  } finally {
    closeSync(fd)
  }
}

describe('writeFat', () => {
  // 8, 256 and 600 MiB: mkfs.vfat picks FAT12, FAT16 and FAT32 for them.
  it.each([8, 256, 600])('a %i MiB partition holds exactly what native mkfs.vfat writes on a partition-sized file', async (sizeMiB) => {
    const offset = 3 * MiB
    const size = sizeMiB * MiB
    const image = join(dir, `image-${sizeMiB}.img`)
    writeFileSync(image, '')
    truncateSync(image, offset + size + MiB)
    await writeFat({ image, offset, size, label: 'ESP', volumeId: 0x1234abcd, time: 1_700_000_000 })

    const partition = join(dir, `native-${sizeMiB}.img`)
    writeFileSync(partition, '')
    truncateSync(partition, size)
    execFileSync('mkfs.vfat', ['-n', 'ESP', '-h', String(offset / 512), '--invariant', '-i', '1234abcd', partition, String(size / 1024)], {
      env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000' },
      stdio: 'pipe',
    })
    const end = fatMetadataEnd(partition)!
    expect(end).toBeGreaterThan(0)
    expect(end).toBeLessThan(size)
    expect(read(image, offset, size).equals(read(partition, 0, size))).toBe(true)
    expect(read(image, 0, offset).every((b) => b === 0)).toBe(true)
    expect(read(image, offset + size, MiB).every((b) => b === 0)).toBe(true)
    // Native fsck.fat finds the partition clean.
    execFileSync('fsck.fat', ['-n', partition], { stdio: 'pipe' })
  })

  it('fatMetadataEnd gives up on a file that is not a FAT boot sector (the whole file is copied then)', () => {
    const junk = join(dir, 'junk.img')
    writeFileSync(junk, Buffer.alloc(4096, 7))
    expect(fatMetadataEnd(junk)).toBeUndefined()
  })
})
