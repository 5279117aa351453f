import { describe, expect, it } from 'vitest'
import { InvalidIecSizeError } from '../errors/InvalidIecSizeError.js'
import { numfmtAll, parseOrNull as ours } from './__fixtures__/numfmtOracle.js'
import { parseIecSize } from './parseIecSize.js'

const numfmt = (input: string) => numfmtAll([input])[0]

const INPUTS = [
  // plain bytes and every suffix
  '0', '-0', '1', '00012', '512', '1K', '512M', '256M', '1G', '3T', '8T', '1P', '1E', '8E', '9999999999999999999',
  // fractions with a suffix round away from zero
  '1.5M', '1.1K', '1.05K', '.5M', '-.5M', '1.25K', '0.001K', '0.0001K', '-0.0001K', '1.0K', '7.99999E', '1.5E',
  '1.999999999999999999999K', '1.0000000000000000001K', '8.5T', '0.5G',
  // where numfmt's long double result is one below the exact ceiling
  '6.58081E', '6.25785604E', '-2.2531284E',
  // negatives numfmt accepts
  '-1M', '-1.1K', '-1',
  // whitespace
  ' 1M', '\t1M', '  1.5M', '1M ', '1M\t', '1M\n', '1K ', '1 ',
  // refused by numfmt, or printed as something $(( )) cannot use
  '', ' ', 'M', '-', '.', '5.', '.M', '1.M', '+1M', '--1', '1k', '1m', '1g', '1KiB', '1Ki', '1Mi', '1MB', '1MM', '1K2',
  '0x10', '1e3', '5e', '1,5M', '1.5.1', '1.-5M', '1.+5M', '1R', '1Q', '1Z', '1Y', '.00141Z', '0.0001Y', '0.000000000001Y', '16E', '10000000000000000000',
  '18446744073709551615', '99999999999999999999', '1.5', '1.0', '0.5', '-1.5', '0.0001', '1 M', '1M 2', '\n1M',
  '\u0661', '１M', 'auto',
]

describe('parseIecSize equals numfmt --from=iec', () => {
  it.each(INPUTS)('%j', (input) => {
    expect(ours(input)).toBe(numfmt(input))
  })

  it('the table holds both values numfmt accepts and values it refuses', () => {
    const accepted = INPUTS.filter((input) => numfmt(input) !== null)
    expect(accepted.length).toBeGreaterThan(30)
    expect(INPUTS.length - accepted.length).toBeGreaterThan(30)
  })

  it('is exact for sizes up to 8 TiB and beyond 2^53', () => {
    // Exactness past 2^53 too: bigint all the way.
    for (const input of ['8388608M', '8192G', '8T', '8589934591K', '9007199254740993', '8E']) {
      expect(ours(input)).toBe(numfmt(input))
    }
  })
})

describe('parseIecSize errors', () => {
  it('names the input and the reason', () => {
    expect(() => parseIecSize('1KiB')).toThrowError(InvalidIecSizeError)
    try {
      parseIecSize('1KiB')
    } catch (error) {
      const e = error as InvalidIecSizeError
      expect(e.code).toBe('E_INVALID_IEC_SIZE')
      expect(e.data).toEqual({ option: null, value: '1KiB', reason: 'unexpected "iB" after the number' })
      expect(e.message).toBe(
        'size: "1KiB" is not a valid size (unexpected "iB" after the number); write a whole number of bytes ' +
          'or a number with one of the suffixes K, M, G, T, P, E (powers of 1024), e.g. "512M"',
      )
    }
  })

  it.each([
    ['1.5', 'a fraction of a byte'],
    ['1 M', 'more than one field'],
    ['1k', 'unknown suffix "k"'],
    ['16E', 'too large'],
    ['', 'not a number'],
  ])('%j: %s', (input, reason) => {
    expect(() => parseIecSize(input)).toThrowError(reason)
  })
})
