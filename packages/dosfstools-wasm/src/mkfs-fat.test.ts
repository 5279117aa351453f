import { copyFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { mkfsFat } from './index.js'
import { fatTypeAt, MiB, readRange, scratchDir, SECTOR, sparseImage } from './__fixtures__/images.js'
import { nativeOk, sameFiles } from './__fixtures__/native.js'

const scratch = scratchDir('mkfs')
afterAll(scratch.cleanup)

/**
 * The FAT type mkfs.vfat picks for a partition of this size, asked of native mkfs.fat on a
 * standalone file of exactly that size, as `mkfs.vfat /dev/vda1` sees the partition.
 * (With --offset inside a bigger image, mkfs.fat 4.2 decides from the WHOLE file's size, so
 * callers pass -F; this is what they must pass.)
 */
function fatTypeNativePicks(partitionBytes: number): 12 | 16 | 32 {
  const probe = sparseImage(join(scratch.dir, `probe-${partitionBytes}.img`), partitionBytes)
  nativeOk('mkfs.fat', [probe])
  return fatTypeAt(probe, 0)
}

describe('WASM mkfs.fat is byte-identical to native mkfs.fat', () => {
  // 8, 256 and 600 MiB: the sizes for which mkfs.vfat picks FAT12, FAT16 and FAT32.
  it.each([{ partitionMiB: 8 }, { partitionMiB: 256 }, { partitionMiB: 600 }])('$partitionMiB MiB partition at 1 MiB inside an image', async ({ partitionMiB }) => {
    const fatBits = fatTypeNativePicks(partitionMiB * MiB)
    const offsetBytes = 1 * MiB
    const wasmImage = sparseImage(join(scratch.dir, `wasm-${partitionMiB}.img`), offsetBytes + partitionMiB * MiB + MiB)
    const nativeImage = join(scratch.dir, `native-${partitionMiB}.img`)
    copyFileSync(wasmImage, nativeImage)
    const args = (image: string) => [
      '-F', String(fatBits), '--invariant', '-i', '2a3b4c5d', '-n', 'ESP',
      '--offset', String(offsetBytes / SECTOR), image, String(partitionMiB * 1024),
    ]

    nativeOk('mkfs.fat', args(nativeImage))
    const result = await mkfsFat(args(wasmImage))

    expect(result.code).toBe(0)
    expect(fatTypeAt(wasmImage, offsetBytes)).toBe(fatBits)
    expect(sameFiles(wasmImage, nativeImage)).toBe(true)
    // Nothing written before the partition (the region native leaves untouched).
    expect(readRange(wasmImage, 0, offsetBytes).every((b) => b === 0)).toBe(true)
  })

  it('writes at an offset beyond 4 GiB exactly where native does', async () => {
    // 5 GiB + 3 MiB: with 32-bit offsets the writes would land at 1 GiB + 3 MiB instead.
    const offsetBytes = 5 * 1024 * MiB + 3 * MiB
    const size = 300 * MiB
    const wasmImage = sparseImage(join(scratch.dir, 'wasm-5g.img'), offsetBytes + size)
    const nativeImage = sparseImage(join(scratch.dir, 'native-5g.img'), offsetBytes + size)
    const args = (image: string) => [
      '-F', '32', '-s', '1', '--invariant', '-i', '0badf00d', '--offset', String(offsetBytes / SECTOR), image, String(size / 1024),
    ]

    nativeOk('mkfs.fat', args(nativeImage))
    await mkfsFat(args(wasmImage))

    expect(readRange(wasmImage, offsetBytes, size).equals(readRange(nativeImage, offsetBytes, size))).toBe(true)
    expect(fatTypeAt(wasmImage, offsetBytes)).toBe(32)
    // Same number of allocated blocks: nothing was written anywhere else (e.g. at offset mod 2^32).
    expect(statSync(wasmImage).blocks).toBe(statSync(nativeImage).blocks)
    expect(readRange(wasmImage, offsetBytes % 2 ** 32, MiB).every((b) => b === 0)).toBe(true)
  })
})
