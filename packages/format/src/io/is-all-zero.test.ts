import fc from 'fast-check'
import { expect, it } from 'vitest'
import { isAllZero } from './is-all-zero.js'

it('agrees with a byte-by-byte check on any buffer, including one non-zero byte anywhere', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 5000 }), fc.nat(), fc.integer({ min: 0, max: 255 }), (length, at, value) => {
      const bytes = Buffer.alloc(length)
      if (length > 0) bytes[at % length] = value
      expect(isAllZero(bytes)).toBe(bytes.every((byte) => byte === 0))
    }),
  )
})

it('looks only at the range asked for, whatever lies outside it', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 3000 }), fc.nat(), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 }), (length, a, b, at, value) => {
      const bytes = Buffer.alloc(length, 0x77)
      const start = length ? a % (length + 1) : 0
      const end = start + (length - start ? b % (length - start + 1) : 0)
      bytes.fill(0, start, end)
      if (end > start && at % 2) bytes[start + (at % (end - start))] = value
      expect(isAllZero(bytes, start, end)).toBe(bytes.subarray(start, end).every((byte) => byte === 0))
    }),
  )
})
