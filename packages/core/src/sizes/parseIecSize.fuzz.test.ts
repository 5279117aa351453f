import { execFileSync } from 'node:child_process'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvalidIecSizeError } from '../errors/InvalidIecSizeError.js'
import { parseIecSize } from './parseIecSize.js'

// Random inputs from the grammar numfmt parses (and near misses), all judged by
// numfmt itself in one bash loop: an input is usable when numfmt exits 0 and
// prints one integer, as the reference's $(( )) needs.
function numfmtAll(inputs: string[]): (bigint | null)[] {
  const script =
    'while IFS= read -r -d "" v; do out=$(numfmt --from=iec -- "$v" 2>/dev/null); printf "%s\\0%s\\0" "$?" "$out"; done'
  const fields = execFileSync('bash', ['-c', script], { input: inputs.map((i) => `${i}\0`).join(''), encoding: 'utf8' }).split('\0')
  return inputs.map((_, i) => {
    const [status, out] = [fields[2 * i], (fields[2 * i + 1] ?? '').trim()]
    return status === '0' && /^-?\d+$/.test(out) ? BigInt(out) : null
  })
}

function ours(input: string): bigint | null {
  try {
    return parseIecSize(input)
  } catch (error) {
    if (error instanceof InvalidIecSizeError) return null
    throw error
  }
}

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
    const mismatches = inputs.filter((input, i) => ours(input) !== expected[i])
    expect(mismatches).toEqual([])
    // The sample holds both kinds, or the comparison would prove little.
    expect(expected.filter((v) => v !== null).length).toBeGreaterThan(30)
    expect(expected.filter((v) => v === null).length).toBeGreaterThan(30)
  })
})
