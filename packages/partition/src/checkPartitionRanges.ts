import { PartitionOutOfRangeError } from './errors/PartitionOutOfRangeError.js'
import { PartitionOverlapError } from './errors/PartitionOverlapError.js'

/** The part of a partition that range and overlap checks look at. */
export interface NumberedRange {
  number: number
  firstLba: number
  lastLba: number
}

/**
 * Throws when a partition lies outside minLba..maxLba, ends before it starts,
 * or shares a sector with another one. Both the writer (on the description it
 * is given) and the reader (on what it found) run it, so neither ever hands
 * out a table whose partitions collide.
 */
export function checkPartitionRanges(partitions: readonly NumberedRange[], minLba: number, maxLba: number): void {
  for (const p of partitions) {
    const valid = Number.isSafeInteger(p.firstLba) && Number.isSafeInteger(p.lastLba)
    if (!valid || p.firstLba < minLba || p.lastLba > maxLba || p.lastLba < p.firstLba) {
      throw new PartitionOutOfRangeError(p.number, p.firstLba, p.lastLba, minLba, maxLba)
    }
  }
  // Sorting makes the overlap check linear after the sort, and bounded for any input.
  const sorted = [...partitions].sort((a, b) => a.firstLba - b.firstLba)
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!
    const cur = sorted[i]!
    if (cur.firstLba <= prev.lastLba) {
      throw new PartitionOverlapError(prev.number, [prev.firstLba, prev.lastLba], cur.number, [cur.firstLba, cur.lastLba])
    }
  }
}
