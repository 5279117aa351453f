/**
 * The reference's `round_to_nearest x unit`, computed exactly as its shell does:
 * `(x / unit + 1) * unit` with integer division. It ALWAYS adds a unit, even when
 * x is already aligned — bootSize "256M" becomes 257 MiB. We keep the quirk on
 * purpose: it decides where partitions start, and our tables must equal the
 * reference's byte for byte.
 */
export function roundToNearest(x: bigint, unit: bigint): bigint
export function roundToNearest(x: number, unit: number): number
export function roundToNearest(x: number | bigint, unit: number | bigint): number | bigint {
  if (typeof x === 'bigint' && typeof unit === 'bigint') return (x / unit + 1n) * unit
  if (typeof x === 'number' && typeof unit === 'number') {
    const r = (Math.floor(x / unit) + 1) * unit
    if (!Number.isSafeInteger(r)) throw new RangeError(`roundToNearest: ${x} / ${unit} exceeds 2^53`)
    return r
  }
  throw new TypeError('roundToNearest: x and unit must both be numbers or both bigints')
}
