import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DiskImage } from '@diskimage/format'
import type { ByteRange } from '../byteRanges.js'
import { copyRegion } from '../copyRegion.js'
import { numberRanges, type Difference } from '../difference.js'
import type { DiskRegion } from '../table/diskRegions.js'
import { ext4Geometry } from './ext4Geometry.js'
import { ext4Names, type Ext4Names } from './ext4Names.js'
import { locateInExt4, type Ext4Spot } from './locateInExt4.js'

/** At most this many changed blocks are looked up with debugfs; the rest are listed by number. */
const MAX_LOOKUPS = 4096

/**
 * Names the differences inside an ext4 file system: superblock and group
 * descriptor fields, bitmaps, inodes with their fields and paths, and which
 * inode (path) each other changed block belongs to — asking the WASM debugfs
 * of both images, so a path that exists on one side only still gets named.
 * `ranges` are relative to the region's start.
 */
export async function diffExt4(a: DiskImage, b: DiskImage, region: DiskRegion, ranges: readonly ByteRange[], label: string): Promise<Difference[]> {
  const superblock = await a.read(region.offset + 1024, 1024)
  const blockSize = 1024 << superblock.readUInt32LE(0x18)
  const geo = await ext4Geometry(superblock, (block, count) => a.read(region.offset + block * blockSize, count * blockSize))
  const spots: Ext4Spot[] = ranges.flatMap((r) => locateInExt4(geo, r))
  const blocks = [...new Set(spots.flatMap((s) => (s.kind === 'block' ? [s.block] : [])))]
  const inodes = [...new Set(spots.flatMap((s) => (s.kind === 'inode' ? [s.inode] : [])))]
  const lookups = blocks.slice(0, MAX_LOOKUPS)
  const [namesA, namesB] = await Promise.all([namesOf(a, region, lookups, inodes), namesOf(b, region, lookups, inodes)])
  const pathOf = (inode: number) => {
    const pa = namesA.inodePaths.get(inode)
    const pb = namesB.inodePaths.get(inode)
    return pa === undefined ? pb : pb === undefined || pb === pa ? pa : `${pa} → ${pb}`
  }
  const inodeName = (inode: number) => {
    const path = pathOf(inode)
    return path === undefined ? `inode ${inode}` : `inode ${inode} (${path})`
  }
  const out: Difference[] = []
  const blocksByOwner = new Map<string, number[]>()
  for (const s of spots) {
    if (s.kind === 'metadata') out.push({ region: label, where: s.where, fields: s.fields })
    else if (s.kind === 'inode') out.push({ region: label, where: inodeName(s.inode), fields: s.fields })
    else {
      const owner = namesA.blockOwners.get(s.block) ?? namesB.blockOwners.get(s.block)
      const key = blocks.indexOf(s.block) >= MAX_LOOKUPS ? 'blocks not looked up' : owner === undefined ? 'blocks in no inode' : `${inodeName(owner)} blocks`
      blocksByOwner.set(key, [...(blocksByOwner.get(key) ?? []), s.block])
    }
  }
  for (const [where, list] of blocksByOwner) out.push({ region: label, where, fields: [numberRanges(list)] })
  return out
}

async function namesOf(image: DiskImage, region: DiskRegion, blocks: number[], inodes: number[]): Promise<Ext4Names> {
  const none: Ext4Names = { blockOwners: new Map(), inodePaths: new Map() }
  if (blocks.length === 0 && inodes.length === 0) return none
  const dir = await mkdtemp(join(tmpdir(), 'diskimage-ext4-'))
  try {
    const file = join(dir, 'fs.img')
    await copyRegion(image, region.offset, region.length, file)
    return await ext4Names(file, blocks, inodes)
  } catch {
    // debugfs refuses a file system damaged beyond opening (e.g. a flipped magic): report without names.
    return none
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
