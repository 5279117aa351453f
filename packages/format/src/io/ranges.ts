import { InvalidOptionError } from '../errors.js'

/** A byte range of the raw image. */
export interface ByteRange {
  offset: number
  length: number
}

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

/** Throws unless `ranges` is an array of { offset, length } with non-negative whole numbers. */
export function assertByteRanges(ranges: unknown): asserts ranges is readonly ByteRange[] {
  if (!(Array.isArray(ranges) && ranges.every(isByteRange))) {
    throw new InvalidOptionError('dataRanges', ranges, 'pass an array of { offset, length } with non-negative whole numbers, or a function that resolves to one')
  }
}

function isByteRange(range: unknown): boolean {
  if (typeof range !== 'object' || range === null) return false
  const { offset, length } = range as Record<string, unknown>
  return Number.isSafeInteger(offset) && Number.isSafeInteger(length) && (offset as number) >= 0 && (length as number) >= 0
}
