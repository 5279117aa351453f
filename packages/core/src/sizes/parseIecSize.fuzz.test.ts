import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { numfmtAll, parseOrNull } from './__fixtures__/numfmtOracle.js'

// Random inputs from the grammar numfmt parses (and near misses), all judged by
// numfmt itself.
const digits = (max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: max })
const size = fc
  .tuple(
    fc.constantFrom('', '', '', ' ', '\t', '-', '+', '--'),
    fc.oneof(digits(4), digits(20)),
    fc.constantFrom('', '', '.', '.5', '.25'),
    fc.option(fc.oneof(digits(6), digits(24)), { nil: undefined }),
    fc.constantFrom('', '', 'K', 'M', 'G', 'T', 'P', 'E', 'E', 'Z', 'Y', 'k', 'm', 'Ki', 'MiB', 'B', 'Z', 'x', 'e3'),
    fc.constantFrom('', '', '', ' ', '\t', '\n', ' M', '1'),
  )
  .map(([lead, whole, point, fraction, suffix, tail]) => `${lead}${whole}${point}${fraction ?? ''}${suffix}${tail}`)
  .filter((text) => !text.includes('\0'))

describe('parseIecSize on random inputs equals numfmt --from=iec', () => {
  it('400 grammar-based inputs (fixed seed)', () => {
    const inputs = fc.sample(size, { numRuns: 400, seed: 20261126 })
    const expected = numfmtAll(inputs)
    const mismatches = inputs.filter((input, i) => parseOrNull(input) !== expected[i])
    expect(mismatches).toEqual([])
    // The sample holds both kinds, or the comparison would prove little.
    expect(expected.filter((v) => v !== null).length).toBeGreaterThan(30)
    expect(expected.filter((v) => v === null).length).toBeGreaterThan(30)
  })
})
