import fc from 'fast-check'
import { expect, it } from 'vitest'
import { intersectRanges, normalizeRanges } from './ranges.js'
import type { ByteRange } from './ranges.js'

const rangeList = fc.array(fc.record({ offset: fc.nat(300), length: fc.nat(60) }), { maxLength: 8 })

/** The set of bytes the ranges cover, as a bitmap over 0..400. */
function covered(ranges: readonly ByteRange[]): boolean[] {
  const bits = Array<boolean>(400).fill(false)
  for (const { offset, length } of ranges) for (let i = offset; i < offset + length; i++) bits[i] = true
  return bits
}

it('normalizes to sorted, disjoint, non-touching, non-empty ranges covering the same bytes', () => {
  fc.assert(
    fc.property(rangeList, (ranges) => {
      const normal = normalizeRanges(ranges)
      expect(covered(normal)).toEqual(covered(ranges))
      for (let i = 0; i < normal.length; i++) {
        expect(normal[i]!.length).toBeGreaterThan(0)
        if (i > 0) expect(normal[i]!.offset).toBeGreaterThan(normal[i - 1]!.offset + normal[i - 1]!.length)
      }
    }),
  )
})

it('intersects to exactly the bytes both cover; undefined stands for everything', () => {
  fc.assert(
    fc.property(rangeList, rangeList, (a, b) => {
      const both = intersectRanges(normalizeRanges(a), normalizeRanges(b))!
      const [bitsA, bitsB] = [covered(a), covered(b)]
      expect(covered(both)).toEqual(bitsA.map((bit, i) => bit && bitsB[i]!))
      expect(intersectRanges(undefined, normalizeRanges(b))).toEqual(normalizeRanges(b))
      expect(intersectRanges(normalizeRanges(a), undefined)).toEqual(normalizeRanges(a))
    }),
  )
  expect(intersectRanges(undefined, undefined)).toBeUndefined()
})
