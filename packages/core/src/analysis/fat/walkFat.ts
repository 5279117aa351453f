import { fatEntries } from './fatEntries.js'
import type { FatGeometry } from './fatGeometry.js'

/** A directory entry found by {@link walkFat}: where it is and what it names. */
export interface FatDirEntry {
  /** Path of the directory holding it ("/" for the root). */
  directory: string
  /** The name it gives (long name when there is one); "" for free slots. */
  name: string
  /** True for a long-name (VFAT) slot of `name`. */
  longName: boolean
}

/** What {@link walkFat} learnt: each used cluster's owner and each directory entry slot by byte offset. */
export interface FatMap {
  clusterOwner: Map<number, { path: string; directory: boolean }>
  entries: Map<number, FatDirEntry>
}

const MAX_ENTRIES = 1_000_000

/**
 * Walks the directory tree of a FAT file system from its root, following
 * cluster chains in the first FAT, so that a changed cluster can be named by
 * the file or directory that owns it and a changed directory slot by the name
 * it holds. `read(offset, length)` reads bytes of the file system. Loops in a
 * damaged FAT stop at clusters already seen.
 */
export async function walkFat(geo: FatGeometry, read: (offset: number, length: number) => Promise<Buffer>): Promise<FatMap> {
  const fat = await read(geo.reservedSectors * geo.bytesPerSector, geo.fatSectors * geo.bytesPerSector)
  const next = fatEntries(geo, fat)
  const endOfChain = geo.fatType === 32 ? 0x0ffffff8 : geo.fatType === 16 ? 0xfff8 : 0xff8
  const map: FatMap = { clusterOwner: new Map(), entries: new Map() }
  const chain = (first: number, path: string, directory: boolean): number[] => {
    const list: number[] = []
    for (let c = first; c >= 2 && c < geo.clusterCount + 2 && c < endOfChain && !map.clusterOwner.has(c); c = next(c)) {
      map.clusterOwner.set(c, { path, directory })
      list.push(c)
    }
    return list
  }
  const clusterOffset = (c: number) => geo.dataOffset + (c - 2) * geo.clusterBytes
  const pending: Array<{ path: string; spans: Array<{ offset: number; length: number }> }> = []
  const root = geo.fatType === 32 ? chain(geo.rootCluster, '/', true).map((c) => ({ offset: clusterOffset(c), length: geo.clusterBytes })) : [{ offset: geo.rootDirOffset, length: geo.rootDirBytes }]
  pending.push({ path: '/', spans: root })
  while (pending.length > 0 && map.entries.size < MAX_ENTRIES) {
    const dir = pending.shift()!
    let longParts: Array<{ offset: number; part: string }> = []
    for (const span of dir.spans) {
      const bytes = await read(span.offset, span.length)
      for (let at = 0; at + 32 <= bytes.length; at += 32) {
        const e = bytes.subarray(at, at + 32)
        const offset = span.offset + at
        if (e[0] === 0 || e[0] === 0xe5) {
          map.entries.set(offset, { directory: dir.path, name: '', longName: false })
          longParts = []
          continue
        }
        if (e[11] === 0x0f) {
          longParts.push({ offset, part: longNamePart(e) })
          continue
        }
        const name = longParts.length > 0 ? longParts.map((p) => p.part).reverse().join('') : shortName(e)
        for (const p of longParts) map.entries.set(p.offset, { directory: dir.path, name, longName: true })
        longParts = []
        map.entries.set(offset, { directory: dir.path, name, longName: false })
        if (e[11]! & 0x08 || name === '.' || name === '..') continue // volume label, self and parent
        const first = (e.readUInt16LE(20) << 16) | e.readUInt16LE(26)
        const path = `${dir.path === '/' ? '' : dir.path}/${name}`
        const clusters = chain(first, path, (e[11]! & 0x10) !== 0)
        if (e[11]! & 0x10) pending.push({ path, spans: clusters.map((c) => ({ offset: clusterOffset(c), length: geo.clusterBytes })) })
      }
    }
  }
  return map
}

function shortName(e: Buffer): string {
  const base = e.subarray(0, 8).toString('latin1').trimEnd()
  const ext = e.subarray(8, 11).toString('latin1').trimEnd()
  return ext ? `${base}.${ext}` : base
}

function longNamePart(e: Buffer): string {
  const units = Buffer.concat([e.subarray(1, 11), e.subarray(14, 26), e.subarray(28, 32)])
  let text = ''
  for (let i = 0; i + 1 < units.length; i += 2) {
    const u = units.readUInt16LE(i)
    if (u === 0 || u === 0xffff) break
    text += String.fromCharCode(u)
  }
  return text
}
