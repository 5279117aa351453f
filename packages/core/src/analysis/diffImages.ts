import type { DiskImage, ReadableFormat } from '@diskimage/format'
import { rangesWithin, type ByteRange } from './byteRanges.js'
import { changedRanges } from './changedRanges.js'
import { detectFilesystem } from './detectFilesystem.js'
import { mergeDifferences, type Difference } from './difference.js'
import { diffExt4 } from './ext4/diffExt4.js'
import { diffFat } from './fat/diffFat.js'
import { diffTable } from './table/diffTable.js'
import { diskRegions, type DiskRegion } from './table/diskRegions.js'

const SECTOR = 512

/** What {@link diffImages} found. */
export interface ImageDiff {
  a: { path: string; format: ReadableFormat; virtualSize: number }
  b: { path: string; format: ReadableFormat; virtualSize: number }
  /** True when the virtual disks are byte-for-byte equal (container formats may still differ). */
  equal: boolean
  /** Where they differ, in disk order, merged per structure. */
  differences: Difference[]
  /** True when there were too many changed ranges to name them all. */
  truncated: boolean
}

/**
 * Compares the virtual disks of two images — raw, qcow2, vdi, vhd or vmdk, in
 * any combination — and names where they differ: MBR fields, GPT header and
 * entry fields (primary and backup), and inside each partition the ext4
 * superblock fields, group descriptors, bitmaps, inodes with their paths (via
 * the WASM debugfs) and blocks by owning file, or the FAT boot sector fields,
 * FAT entries, directory entries and clusters by owning file. Regions come
 * from image A's table, read leniently so a damaged field is still named.
 *
 * @example
 *   const { equal, differences } = await diffImages('a/nixos.qcow2', 'b/nixos.img')
 *   for (const d of differences) console.log(formatDifference(d))
 */
export async function diffImages(pathA: string, pathB: string): Promise<ImageDiff> {
  const { openImage } = await import('@diskimage/format') // loaded on first use (startup of builds)
  const a = await openImage(pathA)
  try {
    const b = await openImage(pathB)
    try {
      return await compare(a, b)
    } finally {
      await b.close()
    }
  } finally {
    await a.close()
  }
}

async function compare(a: DiskImage, b: DiskImage): Promise<ImageDiff> {
  const common = Math.min(a.virtualSize, b.virtualSize)
  const { ranges, truncated } = await changedRanges(a, b, common)
  const differences: Difference[] = []
  if (a.virtualSize !== b.virtualSize) differences.push({ region: 'disk', where: 'virtual size', fields: [`${a.virtualSize} bytes vs ${b.virtualSize} bytes`] })
  if (ranges.length > 0) {
    for (const region of await diskRegions(a)) {
      const inside = rangesWithin(ranges, region.offset, region.length)
      if (inside.length > 0) differences.push(...(await diffRegion(a, b, region, inside)))
    }
  }
  const describe = (i: DiskImage) => ({ path: i.path, format: i.format, virtualSize: i.virtualSize })
  return { a: describe(a), b: describe(b), equal: differences.length === 0, differences: mergeDifferences(differences), truncated }
}

async function diffRegion(a: DiskImage, b: DiskImage, region: DiskRegion, ranges: ByteRange[]): Promise<Difference[]> {
  if (region.kind !== 'partition' && region.kind !== 'whole-disk' && region.kind !== 'free') return diffTable(region, ranges)
  const fs = region.kind === 'free' ? null : (await detectFilesystem(a, region.offset, region.length)) ?? (await detectFilesystem(b, region.offset, region.length))
  const label = fs ? `${region.name} (${fs})` : region.name
  if (fs === 'ext4') return diffExt4(a, b, region, ranges, label)
  if (fs === 'fat') return diffFat(a, region, ranges, label)
  // No structure to name: say which disk sectors changed.
  const first = Math.floor((region.offset + ranges[0]!.offset) / SECTOR)
  const lastRange = ranges[ranges.length - 1]!
  const last = Math.floor((region.offset + lastRange.offset + lastRange.length - 1) / SECTOR)
  return [{ region: label, where: first === last ? `disk sector ${first}` : `disk sectors ${first}..${last}`, fields: [] }]
}
