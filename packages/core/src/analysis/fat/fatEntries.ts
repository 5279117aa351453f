import type { FatGeometry } from './fatGeometry.js'

/**
 * A reader of the entries of a file allocation table (`fat`: the bytes of one FAT): entry `c` is 0 for a
 * free cluster, else the next cluster of its chain, an end-of-chain or a bad-cluster mark.
 */
export function fatEntries(geo: FatGeometry, fat: Buffer): (cluster: number) => number {
  if (geo.fatType === 32) return (c) => fat.readUInt32LE(c * 4) & 0x0fffffff
  if (geo.fatType === 16) return (c) => fat.readUInt16LE(c * 2)
  return (c) => {
    const v = fat.readUInt16LE(Math.floor((c * 3) / 2))
    return c % 2 ? v >> 4 : v & 0xfff
  }
}
