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
