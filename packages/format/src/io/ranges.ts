import type { ByteRange } from './raw-source.js'

/** `ranges` sorted by offset, overlapping or touching ones merged, empty ones dropped. */
export function normalizeRanges(ranges: readonly ByteRange[]): ByteRange[] {
  const sorted = ranges.filter((range) => range.length > 0).sort((a, b) => a.offset - b.offset)
  const merged: ByteRange[] = []
  for (const range of sorted) {
    const last = merged[merged.length - 1]
    if (last && range.offset <= last.offset + last.length) {
      last.length = Math.max(last.length, range.offset + range.length - last.offset)
    } else {
      merged.push({ offset: range.offset, length: range.length })
    }
  }
  return merged
}

/**
 * The bytes in both of two sorted, disjoint range lists; an undefined list stands for "anything",
 * so the other is returned as it is (undefined if both are).
 */
export function intersectRanges(a: readonly ByteRange[] | undefined, b: readonly ByteRange[] | undefined): ByteRange[] | undefined {
  if (!a) return b && [...b]
  if (!b) return [...a]
  const both: ByteRange[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i]!.offset, b[j]!.offset)
    const aEnd = a[i]!.offset + a[i]!.length
    const bEnd = b[j]!.offset + b[j]!.length
    const end = Math.min(aEnd, bEnd)
    if (start < end) both.push({ offset: start, length: end - start })
    if (aEnd <= bEnd) i++
    else j++
  }
  return both
}
