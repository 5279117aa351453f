// The content digest gives xxHash's own XXH3-128 whether the bytes are copied into its memory or
// digested where they were read (the read buffers it hands out), and those buffers are fit for O_DIRECT.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { ContentDigest, prepareContentDigest, takeContentDigest } from './content-digest.js'
import { MiB, patternBytes, run, workDir } from './__fixtures__/images.js'

const work = workDir()
afterAll(() => work.cleanup())

/** XXH3-128 of `bytes` as `xxhsum -H2` prints it (Debian's xxhash package). */
function xxhsum(bytes: Buffer, name: string): string {
  const path = join(work.dir, name)
  writeFileSync(path, bytes)
  return run('xxhsum', ['-H2', path]).stdout.split(/\s+/)[0]!
}

it('digests bytes in its read buffers and copied bytes alike, as xxhsum -H2 does', () => {
  // Pieces of uneven sizes, past 4 MiB (the most copied in at once), random and text-like.
  const pieces = [patternBytes(1, 3 * MiB + 123, 'random'), patternBytes(2, 2 * MiB, 'text'), patternBytes(3, 4097, 'random'), patternBytes(4, 5 * MiB, 'text')]
  const expected = xxhsum(Buffer.concat(pieces), 'pieces.bin')

  const copied = new ContentDigest()
  for (const piece of pieces) copied.update(piece)
  expect(copied.digest().toString('hex')).toBe(expected)

  const inPlace = new ContentDigest()
  const buffers = inPlace.allocateBuffers(2, 8 * MiB)
  pieces.forEach((piece, i) => {
    const buffer = buffers[i % 2]!
    piece.copy(buffer)
    inPlace.update(buffer.subarray(0, piece.length))
  })
  expect(inPlace.digest().toString('hex')).toBe(expected)

  // Mixed: an 8-byte offset copied in between blocks digested in place, as HeaderIdentity feeds it.
  const mixed = new ContentDigest()
  const [buffer] = mixed.allocateBuffers(1, 4 * MiB)
  const offset = Buffer.from('0102030405060708', 'hex')
  pieces[1]!.copy(buffer!)
  mixed.update(offset)
  mixed.update(buffer!.subarray(0, pieces[1]!.length))
  expect(mixed.digest().toString('hex')).toBe(xxhsum(Buffer.concat([offset, pieces[1]!]), 'mixed.bin'))
})

it('hands out 4 KiB-aligned buffers, once', () => {
  const digest = new ContentDigest()
  const buffers = digest.allocateBuffers(4, MiB)
  expect(buffers.map((b) => b.length)).toEqual([MiB, MiB, MiB, MiB])
  expect(buffers.every((b) => b.byteOffset % 4096 === 0 && b.buffer === buffers[0]!.buffer)).toBe(true)
  // Disjoint: each starts where the one before it ends or later.
  expect(buffers.every((b, i) => i === 0 || b.byteOffset >= buffers[i - 1]!.byteOffset + MiB)).toBe(true)
  expect(() => digest.allocateBuffers(1, MiB)).toThrow(/only once/)
})

it('a digest prepared ahead (warmed, then reset) digests as a fresh one and xxhsum do, and is taken once', () => {
  const data = patternBytes(5, 3 * MiB + 17, 'random')
  const expected = xxhsum(data, 'prepared.bin')
  prepareContentDigest()
  const prepared = takeContentDigest()
  // Taken: the next one is new, not the same instance fed by two conversions.
  const fresh = takeContentDigest()
  expect(fresh).not.toBe(prepared)
  const [buffer] = prepared.allocateBuffers(1, 4 * MiB)
  data.copy(buffer!)
  prepared.update(buffer!.subarray(0, data.length))
  fresh.update(data)
  expect(prepared.digest().toString('hex')).toBe(expected)
  expect(fresh.digest().toString('hex')).toBe(expected)
})
