// AppendWriter against a model: any sequence of appends (small, gathered; large, written directly),
// reservations written by the caller, overwrites anywhere before the end (in the gathered bytes, in
// what was flushed, or across both), padding and flushes must leave the file holding exactly what a
// plain byte array given the same operations holds. Overwrites of flushed bytes were the crash of
// 52f7b96 (a piece wholly before the gathered bytes).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AppendWriter } from './append-writer.js'
import type { TempOutput } from './temp-output.js'

/** A TempOutput that writes into memory, as pwrite would (holes read as zeros). */
class MemoryOutput {
  bytes = Buffer.alloc(0)
  async write(data: Uint8Array, position: number): Promise<void> {
    if (position + data.length > this.bytes.length) {
      const grown = Buffer.alloc(position + data.length)
      this.bytes.copy(grown)
      this.bytes = grown
    }
    this.bytes.set(data, position)
  }
}

type Op =
  | { kind: 'append'; length: number; fill: number }
  | { kind: 'reserve'; length: number; fill: number }
  | { kind: 'writeAt'; at: number; length: number; fill: number }
  | { kind: 'padTo'; alignment: number }
  | { kind: 'flush' }

const MiB = 1 << 20
const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('append' as const), length: fc.integer({ min: 1, max: 96 << 10 }), fill: fc.integer({ min: 1, max: 255 }) }), weight: 8 },
  // ≥ 1 MiB goes out directly; a few of these push past the 8 MiB gathering buffer.
  { arbitrary: fc.record({ kind: fc.constant('append' as const), length: fc.integer({ min: MiB, max: 3 * MiB }), fill: fc.integer({ min: 1, max: 255 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('reserve' as const), length: fc.integer({ min: 1, max: 2 * MiB }), fill: fc.integer({ min: 1, max: 255 }) }), weight: 1 },
  // `at` is a fraction of the current length: anywhere before the end.
  { arbitrary: fc.record({ kind: fc.constant('writeAt' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 8192 }), fill: fc.integer({ min: 1, max: 255 }) }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('padTo' as const), alignment: fc.constantFrom(512, 4096, 65536) }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'flush' as const }), weight: 1 },
)

describe('AppendWriter', () => {
  it('leaves the same bytes as a plain array given the same operations', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 4096 }), fc.array(op, { minLength: 1, maxLength: 60 }), async (start, ops) => {
        const output = new MemoryOutput()
        const writer = new AppendWriter(output as unknown as TempOutput, start)
        let model = Buffer.alloc(start)
        const put = (data: Buffer, position: number) => {
          if (position + data.length > model.length) model = Buffer.concat([model, Buffer.alloc(position + data.length - model.length)])
          data.copy(model, position)
        }
        for (const o of ops) {
          if (o.kind === 'append') {
            const data = Buffer.alloc(o.length, o.fill)
            put(data, writer.position)
            await writer.append(data)
            data.fill(0) // the caller may reuse its buffer at once
          } else if (o.kind === 'reserve') {
            const data = Buffer.alloc(o.length, o.fill)
            const at = await writer.reserve(o.length)
            expect(at).toBe(model.length)
            put(data, at)
            await output.write(data, at)
          } else if (o.kind === 'writeAt') {
            const end = writer.position
            if (end <= start) continue
            const length = Math.min(o.length, end - start)
            const at = start + Math.floor(o.at * (end - start - length))
            const data = Buffer.alloc(length, o.fill)
            put(data, at)
            await writer.writeAt(at, data)
          } else if (o.kind === 'padTo') {
            const gap = (o.alignment - (writer.position % o.alignment)) % o.alignment
            put(Buffer.alloc(gap), writer.position)
            await writer.padTo(o.alignment)
            expect(writer.position % o.alignment).toBe(0)
          } else {
            await writer.flush()
          }
          expect(writer.position).toBe(model.length)
        }
        await writer.flush()
        const written = Buffer.concat([output.bytes, Buffer.alloc(Math.max(0, model.length - output.bytes.length))])
        expect(written.subarray(start).equals(model.subarray(start))).toBe(true)
      }),
      { numRuns: 150 },
    )
  })

  it('refuses an overwrite past the end', async () => {
    const writer = new AppendWriter(new MemoryOutput() as unknown as TempOutput, 0)
    await writer.append(Buffer.alloc(10, 1))
    await expect(writer.writeAt(5, Buffer.alloc(6))).rejects.toThrow(RangeError)
  })
})
