import { add, atLeast, ceil, divide, floor, integer, multiply, subtract, type LongDouble } from './longDouble.js'

const TEN = integer(10n)
const INTMAX_MAX = integer(2n ** 63n - 1n)

// numfmt's simple_strtod_int: `val *= 10; val += digit;` in long double.
function accumulate(digits: string): LongDouble {
  let value = integer(0n)
  for (const digit of digits) value = add(multiply(value, TEN), integer(BigInt(digit)))
  return value
}

// numfmt's powerld: base multiplied in x−1 times.
function power(base: bigint, exponent: number): LongDouble {
  let result = integer(1n)
  for (let i = 0; i < exponent; i++) result = multiply(result, integer(base))
  return result
}

// numfmt's expld: how many times the value divides by 10 before it is below 10.
function decimalExponent(value: LongDouble): number {
  let count = 0
  for (let v = value; atLeast(v, TEN); v = divide(v, TEN)) count++
  return count
}

/**
 * The magnitude numfmt (coreutils 9.1, x86-64) prints for `whole.fraction` with a
 * suffix of 1024^suffixPower, rounded away from zero, or null when it refuses to
 * print it ("value too large to be printed", 19 digits and more). Repeats its
 * long double steps: digits accumulated, fraction divided by 10^digits and added,
 * scaled, then simple_round's split around INTMAX_MAX — so large fractional
 * values come out exactly as numfmt's ("6.58081E" is 7587157366731784648, one
 * less than the exact ceiling).
 */
export function numfmtMagnitude(whole: string, fraction: string, suffixPower: number): bigint | null {
  let value = accumulate(whole)
  if (fraction !== '') value = add(value, divide(accumulate(fraction), power(10n, fraction.length)))
  value = multiply(value, power(1024n, suffixPower))
  if (decimalExponent(value) > 18) return null
  const multiple = floor(divide(value, INTMAX_MAX)) // (intmax_t) truncation
  const rest = subtract(value, multiply(INTMAX_MAX, integer(multiple)))
  return floor(add(multiply(INTMAX_MAX, integer(multiple)), integer(ceil(rest))))
}
