import fc from 'fast-check'

/** Values that break parsers more often than random bytes: limits, powers of two, sign bits. */
const INTERESTING_32 = [0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff, 0x200, 0x1000]

/** One edit of a seed: a byte, a 32-bit interesting value (either endianness), a copied run, or a cut. */
type Edit =
  | { kind: 'byte'; at: number; value: number }
  | { kind: 'word'; at: number; value: number; bigEndian: boolean }
  | { kind: 'copy'; from: number; to: number; length: number }
  | { kind: 'truncate'; at: number }

const position = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true })

/**
 * Edits weighted towards `hot` regions (headers, tables, footers: where parsers
 * decide things) but reaching anywhere in the seed. Positions are fractions so
 * one arbitrary serves seeds of any size.
 */
const edit = fc.oneof(
  fc.record({ kind: fc.constant('byte' as const), at: position, value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('word' as const), at: position, value: fc.constantFrom(...INTERESTING_32), bigEndian: fc.boolean() }),
  fc.record({ kind: fc.constant('copy' as const), from: position, to: position, length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
)

export interface MutationPlan {
  seed: number
  /** Each edit targets a hot region (index into `hot`) or, with -1, the whole seed. */
  edits: Array<{ region: number; edit: Edit }>
}

export const mutationPlan = (seeds: number, hotRegions: number): fc.Arbitrary<MutationPlan> =>
  fc.record({
    seed: fc.nat({ max: seeds - 1 }),
    edits: fc.array(fc.record({ region: fc.integer({ min: -1, max: hotRegions - 1 }), edit }), { minLength: 1, maxLength: 6 }),
  })

/** A region of a buffer, as [start, end) given the buffer's length (footers are relative to the end). */
export type Region = (length: number) => [number, number]

/** Applies a plan to a copy of its seed. Truncation is applied last, so every other edit lands first. */
export function applyMutation(seedBytes: Uint8Array, hot: Region[], plan: MutationPlan): Buffer {
  let out = Buffer.from(seedBytes)
  let cut = out.length
  for (const { region, edit: e } of plan.edits) {
    const [start, end] = region < 0 ? [0, out.length] : clamp(hot[region]!(out.length), out.length)
    const at = (fraction: number) => start + Math.floor(fraction * Math.max(1, end - start))
    if (e.kind === 'byte') out[Math.min(at(e.at), out.length - 1)] = e.value
    else if (e.kind === 'word') {
      const i = Math.min(at(e.at), out.length - 4)
      if (i >= 0) e.bigEndian ? out.writeUInt32BE(e.value, i) : out.writeUInt32LE(e.value, i)
    } else if (e.kind === 'copy') {
      const from = at(e.from)
      out.copy(out, at(e.to), from, Math.min(from + e.length, out.length))
    } else cut = Math.min(cut, at(e.at))
  }
  if (cut < out.length) out = out.subarray(0, cut)
  return out
}

function clamp([start, end]: [number, number], length: number): [number, number] {
  const s = Math.max(0, Math.min(start, length))
  return [s, Math.max(s, Math.min(end, length))]
}
