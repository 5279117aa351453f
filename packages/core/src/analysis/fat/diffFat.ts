import type { DiskImage } from '@diskimage/format'
import type { ByteRange } from '../byteRanges.js'
import { numberRanges, type Difference } from '../difference.js'
import { fieldsIn } from '../fields.js'
import type { DiskRegion } from '../table/diskRegions.js'
import { FAT16_BOOT_SECTOR_FIELDS, FAT32_BOOT_SECTOR_FIELDS, FAT32_FSINFO_FIELDS, FAT_DIR_ENTRY_FIELDS, FAT_LFN_ENTRY_FIELDS } from './fatFields.js'
import { fatGeometry, type FatGeometry } from './fatGeometry.js'
import { walkFat, type FatMap } from './walkFat.js'

/**
 * Names the differences inside a FAT file system: boot sector fields (and
 * FAT32's FSInfo and backup boot sector), FAT entries by cluster, directory
 * entries by the name they hold and their fields, and data clusters by the file
 * that owns them. Structure is read from image A (the side taken as the
 * original). `ranges` are relative to the region's start.
 */
export async function diffFat(a: DiskImage, region: DiskRegion, ranges: readonly ByteRange[], label: string): Promise<Difference[]> {
  const read = (offset: number, length: number) => a.read(region.offset + offset, length)
  const geo = fatGeometry(await read(0, 512))
  const map = await walkFat(geo, read)
  const out: Difference[] = []
  const clustersBy = new Map<string, number[]>()
  const addClusters = (where: string, cluster: number) => clustersBy.set(where, [...(clustersBy.get(where) ?? []), cluster])
  for (const r of ranges) {
    for (let at = r.offset; at < r.offset + r.length; ) {
      const piece = locate(geo, map, at, r.offset + r.length)
      if (piece.cluster !== undefined) addClusters(piece.where, piece.cluster)
      else out.push({ region: label, where: piece.where, fields: piece.fields })
      at = piece.end
    }
  }
  for (const [where, clusters] of clustersBy) out.push({ region: label, where, fields: [`cluster ${numberRanges(clusters)}`] })
  return out
}

interface Piece {
  where: string
  fields: string[]
  /** A data or FAT cluster, listed instead of fields. */
  cluster?: number
  /** First byte after this piece. */
  end: number
}

/** The structure at byte `at` of the file system, up to `limit`. */
function locate(geo: FatGeometry, map: FatMap, at: number, limit: number): Piece {
  const sector = geo.bytesPerSector
  const within = (start: number, size: number) => ({ from: at - start, to: Math.min(limit, start + size) - start, end: Math.min(limit, start + size) })
  const bootFields = geo.fatType === 32 ? FAT32_BOOT_SECTOR_FIELDS : FAT16_BOOT_SECTOR_FIELDS
  if (at < sector) {
    const w = within(0, sector)
    return { where: 'boot sector', fields: fieldsIn(bootFields, w.from, w.to), end: w.end }
  }
  const fatsStart = geo.reservedSectors * sector
  if (at < fatsStart) {
    const s = Math.floor(at / sector)
    const w = within(s * sector, sector)
    if (geo.fatType === 32 && s === geo.fsInfoSector) return { where: 'FSInfo sector', fields: fieldsIn(FAT32_FSINFO_FIELDS, w.from, w.to), end: w.end }
    if (geo.fatType === 32 && s === geo.backupBootSector) return { where: 'backup boot sector', fields: fieldsIn(bootFields, w.from, w.to), end: w.end }
    return { where: `reserved sector ${s}`, fields: [], end: w.end }
  }
  const fatBytes = geo.fatSectors * sector
  if (at < geo.rootDirOffset) {
    const k = Math.floor((at - fatsStart) / fatBytes)
    const inFat = at - fatsStart - k * fatBytes
    const cluster = geo.fatType === 32 ? Math.floor(inFat / 4) : geo.fatType === 16 ? Math.floor(inFat / 2) : Math.floor((inFat * 2) / 3)
    const entryEnd = geo.fatType === 32 ? (cluster + 1) * 4 : geo.fatType === 16 ? (cluster + 1) * 2 : Math.floor(((cluster + 1) * 3 + 1) / 2)
    const end = Math.min(limit, fatsStart + k * fatBytes + Math.max(entryEnd, inFat + 1))
    return { where: `FAT ${k + 1}`, fields: [], cluster, end }
  }
  if (at < geo.dataOffset) return directorySlot(map, at, limit, 'root directory')
  const cluster = 2 + Math.floor((at - geo.dataOffset) / geo.clusterBytes)
  const clusterEnd = geo.dataOffset + (cluster - 1) * geo.clusterBytes
  const owner = map.clusterOwner.get(cluster)
  if (owner?.directory) return directorySlot(map, at, Math.min(limit, clusterEnd), `directory ${owner.path}`)
  return { where: owner ? `file ${owner.path}` : 'clusters in no file', fields: [], cluster, end: Math.min(limit, clusterEnd) }
}

function directorySlot(map: FatMap, at: number, limit: number, where: string): Piece {
  const slot = at - (at % 32)
  const entry = map.entries.get(slot)
  const from = at - slot
  const to = Math.min(limit, slot + 32) - slot
  const fields = fieldsIn(entry?.longName ? FAT_LFN_ENTRY_FIELDS : FAT_DIR_ENTRY_FIELDS, from, to)
  const name = entry === undefined || entry.name === '' ? 'free entry' : entry.longName ? `long-name entry of ${entry.name}` : `entry ${entry.name}`
  return { where: `${where}: ${name}`, fields, end: slot + to }
}
