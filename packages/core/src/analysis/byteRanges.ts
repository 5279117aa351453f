/** A run of bytes, e.g. where two images differ. */
export interface ByteRange {
  offset: number
  length: number
}

/** The parts of `ranges` inside [start, start + length), shifted to be relative to `start`. */
export function rangesWithin(ranges: readonly ByteRange[], start: number, length: number): ByteRange[] {
  const out: ByteRange[] = []
  for (const r of ranges) {
    const from = Math.max(r.offset, start)
    const to = Math.min(r.offset + r.length, start + length)
    if (from < to) out.push({ offset: from - start, length: to - from })
  }
  return out
}

/** Sorts `ranges` and joins those that overlap or touch. */
export function mergeRanges(ranges: readonly ByteRange[]): ByteRange[] {
  const sorted = ranges.filter((r) => r.length > 0).sort((a, b) => a.offset - b.offset)
  const merged: ByteRange[] = []
  for (const r of sorted) {
    const last = merged[merged.length - 1]
    if (last && r.offset <= last.offset + last.length) last.length = Math.max(last.length, r.offset + r.length - last.offset)
    else merged.push({ ...r })
  }
  return merged
}
