/**
 * Just enough of x86-64's 80-bit `long double` (64-bit significand, round to
 * nearest, ties to even) to repeat numfmt's arithmetic bit for bit. Values are
 * non-negative exact rationals `[numerator, denominator]`; every operation rounds
 * its exact result to the nearest long double, as the FPU does.
 */
export type LongDouble = readonly [bigint, bigint]

const SIGNIFICAND_BITS = 64n

function bitLength(n: bigint): bigint {
  return BigInt(n.toString(2).length)
}

/** The long double nearest to n/d (n ≥ 0, d > 0). */
export function toLongDouble(n: bigint, d: bigint): LongDouble {
  if (n === 0n) return [0n, 1n]
  // Scale so the quotient has exactly 64 bits: value = quotient × 2^exponent.
  let exponent = bitLength(n) - bitLength(d) - SIGNIFICAND_BITS
  const quotientAt = (e: bigint): [bigint, bigint, bigint] => {
    const [num, den] = e >= 0n ? [n, d << e] : [n << -e, d]
    return [num / den, num % den, den]
  }
  let [quotient, remainder, denominator] = quotientAt(exponent)
  while (quotient >= 1n << SIGNIFICAND_BITS) [quotient, remainder, denominator] = quotientAt(++exponent)
  while (quotient < 1n << (SIGNIFICAND_BITS - 1n)) [quotient, remainder, denominator] = quotientAt(--exponent)
  const twice = remainder * 2n
  if (twice > denominator || (twice === denominator && (quotient & 1n) === 1n)) quotient += 1n
  return exponent >= 0n ? [quotient << exponent, 1n] : [quotient, 1n << -exponent]
}

/** a + b, rounded. */
export function add(a: LongDouble, b: LongDouble): LongDouble {
  return toLongDouble(a[0] * b[1] + b[0] * a[1], a[1] * b[1])
}

/** a − b for a ≥ b, rounded. */
export function subtract(a: LongDouble, b: LongDouble): LongDouble {
  return toLongDouble(a[0] * b[1] - b[0] * a[1], a[1] * b[1])
}

/** a × b, rounded. */
export function multiply(a: LongDouble, b: LongDouble): LongDouble {
  return toLongDouble(a[0] * b[0], a[1] * b[1])
}

/** a ÷ b, rounded. */
export function divide(a: LongDouble, b: LongDouble): LongDouble {
  return toLongDouble(a[0] * b[1], a[1] * b[0])
}

/** An integer as a long double (rounded when it has more than 64 significant bits). */
export function integer(n: bigint): LongDouble {
  return toLongDouble(n, 1n)
}

/** ⌈a⌉ */
export function ceil(a: LongDouble): bigint {
  return (a[0] + a[1] - 1n) / a[1]
}

/** ⌊a⌋ */
export function floor(a: LongDouble): bigint {
  return a[0] / a[1]
}

/** a ≥ b */
export function atLeast(a: LongDouble, b: LongDouble): boolean {
  return a[0] * b[1] >= b[0] * a[1]
}
