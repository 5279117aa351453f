import type { DiskImage } from '@diskimage/format'
import { mergeRanges, type ByteRange } from './byteRanges.js'
import { detectFilesystem } from './detectFilesystem.js'
import { ext4UsedRanges } from './ext4/ext4UsedRanges.js'
import { fatUsedRanges } from './fat/fatUsedRanges.js'
import { diskRegions, type DiskRegion } from './table/diskRegions.js'

/**
 * The byte ranges of a disk image that may hold non-zero bytes, found by reading its structures rather
 * than scanning it: the partition table structures, every stretch no file system covers (MBR gap, BIOS
 * boot partition, unknown partitions: small, kept whole), and inside each ext4 or FAT file system the
 * blocks or clusters its bitmaps or FAT mark as used. Sorted, merged.
 *
 * It holds for an image whose free file-system blocks were never written, as our builder leaves them
 * (the WASM mke2fs and mtools write only what they allocate). It does not hold after a VM has written
 * through the file systems (a deleted or replaced file leaves its old bytes in free blocks), nor for an
 * arbitrary image. The cost: a few reads per ext4 block group and one read of each FAT.
 */
export async function dataRanges(image: DiskImage): Promise<ByteRange[]> {
  const ranges: ByteRange[] = []
  for (const region of await diskRegions(image)) ranges.push(...(await regionRanges(image, region)))
  return mergeRanges(ranges)
}

/** {@link dataRanges} of the raw image file at `path`. */
export async function rawImageDataRanges(path: string): Promise<ByteRange[]> {
  const { openImage } = await import('@diskimage/format') // loaded on first use (startup of builds that do not convert)
  const image = await openImage(path)
  try {
    return await dataRanges(image)
  } finally {
    await image.close()
  }
}

async function regionRanges(image: DiskImage, region: DiskRegion): Promise<ByteRange[]> {
  const whole = [{ offset: region.offset, length: region.length }]
  if (region.kind !== 'partition' && region.kind !== 'whole-disk') return whole
  const read = (offset: number, length: number) => image.read(region.offset + offset, length)
  const filesystem = await detectFilesystem(image, region.offset, region.length)
  const inside =
    filesystem === 'ext4' ? await ext4UsedRanges(read, region.length) : filesystem === 'fat' ? await fatUsedRanges(read, region.length) : undefined
  if (!inside) return whole
  // Clipped to the region: a damaged field must not make a range reach outside it.
  return inside.flatMap((r) => {
    const from = Math.max(0, r.offset)
    const to = Math.min(region.length, r.offset + r.length)
    return from < to ? [{ offset: region.offset + from, length: to - from }] : []
  })
}
