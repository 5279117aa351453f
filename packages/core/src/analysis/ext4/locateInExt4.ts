import type { ByteRange } from '../byteRanges.js'
import { fieldsIn } from '../fields.js'
import { EXT4_GROUP_DESC_FIELDS, EXT4_INODE_FIELDS, EXT4_SUPERBLOCK_FIELDS } from './ext4Fields.js'
import type { Ext4Geometry } from './ext4Geometry.js'

/** What a changed byte of an ext4 file system belongs to. */
export type Ext4Spot =
  | { kind: 'metadata'; where: string; fields: string[] }
  | { kind: 'inode'; inode: number; fields: string[] }
  | { kind: 'block'; block: number }

/**
 * Names what the bytes of `range` (relative to the file system's start) are:
 * superblock fields (primary or a backup), group descriptor fields, a group's
 * bitmaps, the fields of an inode in an inode table — or, for anything else, the
 * block number, which the caller asks debugfs about (file data, directories,
 * extent blocks, the journal).
 */
export function locateInExt4(geo: Ext4Geometry, range: ByteRange): Ext4Spot[] {
  const spots: Ext4Spot[] = []
  const end = range.offset + range.length
  for (let block = Math.floor(range.offset / geo.blockSize); block * geo.blockSize < end; block++) {
    const from = Math.max(range.offset, block * geo.blockSize) - block * geo.blockSize
    const to = Math.min(end, (block + 1) * geo.blockSize) - block * geo.blockSize
    spots.push(...locateInBlock(geo, block, from, to))
  }
  return spots
}

function locateInBlock(geo: Ext4Geometry, block: number, from: number, to: number): Ext4Spot[] {
  const bs = geo.blockSize
  const group = Math.floor((block - geo.firstDataBlock) / geo.blocksPerGroup)
  const groupStart = group * geo.blocksPerGroup + geo.firstDataBlock
  const inGroup = block - groupStart
  const hasSuper = group === 0 || geo.backupGroups.has(group)
  const backup = group === 0 ? '' : `backup (group ${group}) `
  if ((block + 1) * bs <= 1024) return [{ kind: 'metadata', where: 'boot area (bytes 0..1023)', fields: [] }]
  if (block * bs < 2048 && (block + 1) * bs > 1024) {
    // The primary superblock: bytes 1024..2047 of the file system, whatever the block size.
    const spots: Ext4Spot[] = []
    const sbFrom = Math.max(block * bs + from, 1024)
    const sbTo = Math.min(block * bs + to, 2048)
    if (block * bs + from < 1024) spots.push({ kind: 'metadata', where: 'boot area (bytes 0..1023)', fields: [] })
    if (sbFrom < sbTo) spots.push({ kind: 'metadata', where: 'superblock', fields: fieldsIn(EXT4_SUPERBLOCK_FIELDS, sbFrom - 1024, sbTo - 1024) })
    if (block * bs + to > 2048) spots.push({ kind: 'metadata', where: `block ${block} after the superblock`, fields: [] })
    return spots
  }
  if (hasSuper && group > 0 && inGroup === 0) {
    return [{ kind: 'metadata', where: `${backup}superblock`, fields: from < 1024 ? fieldsIn(EXT4_SUPERBLOCK_FIELDS, from, Math.min(to, 1024)) : ['padding'] }]
  }
  if (hasSuper && inGroup >= 1 && inGroup <= geo.gdtBlocks) {
    const base = (inGroup - 1) * bs
    const spots: Ext4Spot[] = []
    for (let d = Math.floor((base + from) / geo.descSize); d * geo.descSize < base + to && d < geo.groupCount; d++) {
      const dFrom = Math.max(base + from, d * geo.descSize) - d * geo.descSize
      const dTo = Math.min(base + to, (d + 1) * geo.descSize) - d * geo.descSize
      spots.push({ kind: 'metadata', where: `${backup}group descriptor ${d}`, fields: fieldsIn(EXT4_GROUP_DESC_FIELDS.filter((f) => f.offset < geo.descSize), dFrom, dTo) })
    }
    return spots.length > 0 ? spots : [{ kind: 'metadata', where: `${backup}group descriptor table padding`, fields: [] }]
  }
  if (hasSuper && inGroup > geo.gdtBlocks && inGroup <= geo.gdtBlocks + geo.reservedGdtBlocks) {
    return [{ kind: 'metadata', where: `${backup}reserved GDT blocks`, fields: [] }]
  }
  for (const [g, desc] of geo.groups.entries()) {
    if (block === desc.blockBitmap) return [{ kind: 'metadata', where: `block bitmap of group ${g}`, fields: [] }]
    if (block === desc.inodeBitmap) return [{ kind: 'metadata', where: `inode bitmap of group ${g}`, fields: [] }]
    if (block >= desc.inodeTable && block < desc.inodeTable + geo.inodeTableBlocks) {
      const base = (block - desc.inodeTable) * bs
      const spots: Ext4Spot[] = []
      for (let i = Math.floor((base + from) / geo.inodeSize); i * geo.inodeSize < base + to; i++) {
        const iFrom = Math.max(base + from, i * geo.inodeSize) - i * geo.inodeSize
        const iTo = Math.min(base + to, (i + 1) * geo.inodeSize) - i * geo.inodeSize
        const fields = fieldsIn(EXT4_INODE_FIELDS.filter((f) => f.offset < geo.inodeSize), iFrom, iTo)
        spots.push({ kind: 'inode', inode: g * geo.inodesPerGroup + i + 1, fields })
      }
      return spots
    }
  }
  return [{ kind: 'block', block }]
}
