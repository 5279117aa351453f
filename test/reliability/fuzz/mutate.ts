import fc from 'fast-check'

/** Values that break parsers more often than random bytes: limits, powers of two, sign bits. */
const INTERESTING_32 = [0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff, 0x200, 0x1000]

/**
 * What fast-check generates per input: which seed, a PRNG state and how many edits.
 * The edits themselves are drawn from the PRNG (xorshift32) in `applyMutation`:
 * building each edit as a fast-check record cost more than the readers under test,
 * and a million inputs must fit in minutes. Shrinking still works: fewer edits, a
 * smaller state.
 */
export interface MutationPlan {
  seed: number
  state: number
  edits: number
}

export const mutationPlan = (seeds: number): fc.Arbitrary<MutationPlan> =>
  fc.record({ seed: fc.nat({ max: seeds - 1 }), state: fc.integer({ min: 1, max: 0x7fffffff }), edits: fc.integer({ min: 1, max: 6 }) })

/** A region of a buffer, as [start, end) given the buffer's length (footers are relative to the end). */
export type Region = (length: number) => [number, number]

/**
 * Applies a plan to a copy of its seed. Each edit picks a hot region (headers,
 * tables, footers: where parsers decide things) or, one time in four, the whole
 * seed, and then one of: a random byte (40 %), an interesting 32-bit value in either
 * byte order (30 %), a copied run of up to 64 bytes (20 %), a truncation (10 %,
 * applied after the other edits).
 */
export function applyMutation(seedBytes: Uint8Array, hot: Region[], plan: MutationPlan): Buffer {
  let x = plan.state | 0 || 1
  const next = (): number => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return x >>> 0
  }
  const out = Buffer.from(seedBytes)
  let cut = out.length
  for (let k = 0; k < plan.edits; k++) {
    const region = next() % 4 === 0 ? -1 : next() % hot.length
    const [start, end] = region < 0 ? [0, out.length] : clamp(hot[region]!(out.length), out.length)
    const at = () => start + (next() % Math.max(1, end - start))
    const kind = next() % 10
    if (kind < 4) out[Math.min(at(), out.length - 1)] = next() & 0xff
    else if (kind < 7) {
      const i = Math.min(at(), out.length - 4)
      const value = INTERESTING_32[next() % INTERESTING_32.length]!
      if (i >= 0) next() & 1 ? out.writeUInt32BE(value, i) : out.writeUInt32LE(value, i)
    } else if (kind < 9) {
      const from = at()
      out.copy(out, at(), from, Math.min(from + 1 + (next() % 64), out.length))
    } else cut = Math.min(cut, at())
  }
  return cut < out.length ? out.subarray(0, cut) : out
}

function clamp([start, end]: [number, number], length: number): [number, number] {
  const s = Math.max(0, Math.min(start, length))
  return [s, Math.max(s, Math.min(end, length))]
}
