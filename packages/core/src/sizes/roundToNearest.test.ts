import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { roundToNearest } from './roundToNearest.js'

// The reference's own shell function, run by bash (64-bit arithmetic).
function referenceRound(x: bigint, unit: bigint): bigint {
  const script = 'round_to_nearest() { echo $(( ( $1 / $2 + 1) * $2 )); }; round_to_nearest "$1" "$2"'
  return BigInt(execFileSync('bash', ['-c', script, 'bash', String(x), String(unit)], { encoding: 'utf8' }).trim())
}

const MIB = 1048576n
const CASES: [bigint, bigint][] = [
  [0n, 4096n],
  [1n, 4096n],
  [4095n, 4096n],
  [4096n, 4096n], // aligned: still adds a unit
  [4097n, 4096n],
  [256n * MIB, MIB], // bootSize "256M" → 257 MiB
  [100n * MIB, MIB],
  [513n * MIB, MIB],
  [256889176n, 4096n], // seed-facts sample: diskUsage + fudge
  [8n * 1024n * 1024n * MIB - 1n, MIB], // just under 8 TiB
  [8n * 1024n * 1024n * MIB, MIB], // 8 TiB
  [2n ** 53n + 12345n, MIB], // past Number's exact range
]

describe('roundToNearest equals the reference round_to_nearest', () => {
  it.each(CASES)('bigint (%s, %s)', (x, unit) => {
    expect(roundToNearest(x, unit)).toBe(referenceRound(x, unit))
  })

  it.each(CASES.filter(([x]) => x < 2n ** 52n))('number (%s, %s)', (x, unit) => {
    expect(roundToNearest(Number(x), Number(unit))).toBe(Number(referenceRound(x, unit)))
  })

  it('refuses a number result past 2^53 instead of rounding it', () => {
    expect(() => roundToNearest(2 ** 53, 3)).toThrowError(RangeError)
  })

  it('refuses mixed number and bigint', () => {
    expect(() => roundToNearest(1 as unknown as bigint, 2n)).toThrowError(TypeError)
  })
})
