import type { ByteRange } from '../byteRanges.js'
import { fatEntries } from './fatEntries.js'
import { fatGeometry } from './fatGeometry.js'

type Read = (offset: number, length: number) => Promise<Buffer>

/**
 * The byte ranges (relative to the file system's start) a FAT file system uses: the reserved sectors
 * (boot sector, FSInfo, backup boot sector), the FATs, the fixed root directory, and every cluster the
 * first FAT marks as not free (files, directories, bad clusters); `length` is the room it sits in, and
 * sectors past the last cluster are kept whole.
 */
export async function fatUsedRanges(read: Read, length: number): Promise<ByteRange[]> {
  const geo = fatGeometry(await read(0, 512))
  const ranges: ByteRange[] = [{ offset: 0, length: geo.dataOffset }]
  const entry = fatEntries(geo, await read(geo.reservedSectors * geo.bytesPerSector, geo.fatSectors * geo.bytesPerSector))
  const lastCluster = Math.min(geo.clusterCount + 1, maxClusterIn(geo))
  for (let c = 2; c <= lastCluster; c++) {
    if (entry(c) !== 0) ranges.push({ offset: geo.dataOffset + (c - 2) * geo.clusterBytes, length: geo.clusterBytes })
  }
  const clustersEnd = geo.dataOffset + geo.clusterCount * geo.clusterBytes
  if (clustersEnd < length) ranges.push({ offset: clustersEnd, length: length - clustersEnd })
  return ranges
}

/** The highest cluster number the FAT has room for (a FAT shorter than the cluster count: the rest is unusable). */
function maxClusterIn(geo: ReturnType<typeof fatGeometry>): number {
  const bytes = geo.fatSectors * geo.bytesPerSector
  const entries = geo.fatType === 32 ? bytes / 4 : geo.fatType === 16 ? bytes / 2 : Math.floor((bytes * 2) / 3)
  return entries - 1
}
