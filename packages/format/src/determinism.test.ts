// Same input → same bytes, whatever the thread count; and deterministic: false really varies the
// header UUIDs (as qemu-img's do), so the deterministic derivation is what makes outputs equal.
import { createHmac } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { convert, type ConvertOptions, formatFileExtension, type ImageFormat } from './index.js'
import { fileDigest, makeSparseImage, MiB, patternBytes, qemuCompare, run, workDir } from './__fixtures__/images.js'
import { HeaderIdentity } from './identity.js'
import { RawSource } from './io/raw-source.js'
import { writeAtomically } from './io/temp-output.js'
import { writeVpc } from './vpc/write-vpc.js'

const work = workDir()
let raw = ''
beforeAll(() => {
  raw = makeSparseImage(join(work.dir, 'in.img'), 40 * MiB, [
    { offset: 0, data: patternBytes(20, 6 * MiB, 'text') },
    { offset: 9 * MiB, data: patternBytes(21, 2 * MiB, 'random') },
    { offset: 30 * MiB + 333, data: patternBytes(22, 3 * MiB, 'text') },
  ])
})
afterAll(() => work.cleanup())

async function digestOf(format: ImageFormat, name: string, options: Omit<ConvertOptions, 'format' | 'out'> = {}): Promise<string> {
  // Same file name in its own directory: a VMDK descriptor names its own file, as qemu-img's does.
  const dir = join(work.dir, name)
  mkdirSync(dir)
  const out = join(dir, `disk${formatFileExtension(format)}`)
  await convert(raw, { format, out, ...options })
  expect(qemuCompare(raw, out, format)).toMatchObject({ status: 0 })
  return fileDigest(out)
}

it.each<ImageFormat>(['qcow2-compressed', 'vmdk'])('%s: identical bytes with 1 (the calling thread alone), 2 and 5 threads', async (format) => {
  const one = await digestOf(format, `${format}-t1`, { threads: 1 })
  expect(await digestOf(format, `${format}-t2`, { threads: 2 })).toBe(one)
  expect(await digestOf(format, `${format}-t5`, { threads: 5 })).toBe(one)
})

it("qcow2-compressed with compress: 'zstd': identical bytes with 1, 2 and 5 threads", async () => {
  const one = await digestOf('qcow2-compressed', 'zstd-t1', { threads: 1, compress: 'zstd' })
  expect(await digestOf('qcow2-compressed', 'zstd-t2', { threads: 2, compress: 'zstd' })).toBe(one)
  expect(await digestOf('qcow2-compressed', 'zstd-t5', { threads: 5, compress: 'zstd' })).toBe(one)
})

it.each<ImageFormat>(['raw', 'qcow2', 'vdi', 'vpc'])('%s: identical bytes on two runs', async (format) => {
  expect(await digestOf(format, `${format}-b`)).toBe(await digestOf(format, `${format}-a`))
})

it.each<ImageFormat>(['vdi', 'vpc', 'vmdk'])('%s: deterministic: false gives fresh UUIDs; a seed changes the derived ones', async (format) => {
  const derived = await digestOf(format, `${format}-derived`)
  expect(await digestOf(format, `${format}-random1`, { deterministic: false })).not.toBe(derived)
  expect(await digestOf(format, `${format}-seeded`, { seed: 'another seed' })).not.toBe(derived)
  expect(await digestOf(format, `${format}-seeded-again`, { seed: 'another seed' })).toBe(await digestOf(format, `${format}-seeded-twice`, { seed: 'another seed' }))
})

it('vdi without a seed: the image UUID is derived from the content as docs/formats.md says (key checked with xxhsum -H2)', async () => {
  const dir = join(work.dir, 'vdi-derivation')
  mkdirSync(dir)
  const out = join(dir, 'disk.vdi')
  await convert(raw, { format: 'vdi', out })
  // The digested stream, written out for the reference tool: each non-zero 1 MiB block with its
  // offset (64-bit little-endian), then the virtual size in decimal behind the offset 2^53 - 1.
  const bytes = readFileSync(raw)
  const parts: Buffer[] = []
  for (let offset = 0; offset < bytes.length; offset += MiB) {
    const block = bytes.subarray(offset, offset + MiB)
    if (block.some((byte) => byte !== 0)) parts.push(offsetBytes(offset), block)
  }
  parts.push(offsetBytes(Number.MAX_SAFE_INTEGER), Buffer.from(String(bytes.length)))
  const stream = join(dir, 'digested.bin')
  writeFileSync(stream, Buffer.concat(parts))
  // XXH3-128 as xxHash's own command line computes it (Debian's xxhash package).
  const key = Buffer.from(run('xxhsum', ['-H2', stream]).stdout.split(/\s+/)[0]!, 'hex')
  expect(key.length).toBe(16)
  const uuid = derivedUuid(key, 'vdi:image')
  // VDI keeps the first three fields little-endian (0x188: the image UUID).
  const stored = readFileSync(out).subarray(0x188, 0x198)
  const asRfc = Buffer.concat([Buffer.from(stored.subarray(0, 4)).reverse(), Buffer.from(stored.subarray(4, 6)).reverse(), Buffer.from(stored.subarray(6, 8)).reverse(), stored.subarray(8)])
  expect(asRfc.toString('hex')).toBe(uuid.toString('hex'))
})

/** A digested offset: 64-bit little-endian. */
function offsetBytes(offset: number): Buffer {
  const b = Buffer.alloc(8)
  b.writeBigUInt64LE(BigInt(offset))
  return b
}

/** The UUID derived from `key` for `token`, as docs/formats.md gives it (HMAC-SHA256, version-4 bits). */
function derivedUuid(key: Buffer, token: string): Buffer {
  const uuid = createHmac('sha256', key).update(token).digest().subarray(0, 16)
  uuid[6] = (uuid[6]! & 0x0f) | 0x40
  uuid[8] = (uuid[8]! & 0x3f) | 0x80
  return uuid
}

it('vpc without a seed: the disk UUID is derived from the runs of non-zero 4 KiB pieces each 2 MiB block stores (key checked with xxhsum -H2), however the reads are cut', async () => {
  const dir = join(work.dir, 'vpc-derivation')
  mkdirSync(dir)
  const out = join(dir, 'disk.vhd')
  await convert(raw, { format: 'vpc', out })
  const bytes = readFileSync(raw)
  // Each maximal run of non-zero 4 KiB pieces inside a 2 MiB block, behind its offset.
  const parts: Buffer[] = []
  for (let block = 0; block < bytes.length; block += 2 * MiB) {
    const end = Math.min(bytes.length, block + 2 * MiB)
    let runStart = -1
    for (let at = block; at <= end; at += 4096) {
      const nonZero = at < end && bytes.subarray(at, at + 4096).some((byte) => byte !== 0)
      if (nonZero && runStart < 0) runStart = at
      if (!nonZero && runStart >= 0) {
        parts.push(offsetBytes(runStart), bytes.subarray(runStart, at))
        runStart = -1
      }
    }
  }
  const image = readFileSync(out)
  const footer = image.subarray(image.length - 512)
  // The footer's current size (offset 48) is the virtual size the digest ends with.
  parts.push(offsetBytes(Number.MAX_SAFE_INTEGER), Buffer.from(String(footer.readBigUInt64BE(48))))
  const stream = join(dir, 'digested.bin')
  writeFileSync(stream, Buffer.concat(parts))
  const key = Buffer.from(run('xxhsum', ['-H2', stream]).stdout.split(/\s+/)[0]!, 'hex')
  expect(key.length).toBe(16)
  // The footer's UUID at offset 68, big-endian.
  expect(footer.subarray(68, 84).toString('hex')).toBe(derivedUuid(key, 'vpc:disk').toString('hex'))

  // The same VHD when the source scans every byte (O_DIRECT probes from 64 KiB, 4 MiB chunks) instead of
  // reading 1 MiB chunks from the host's map: runs cut elsewhere, the same digest and bytes.
  const source = await RawSource.open(raw, undefined, { seekData: false })
  const identity = await HeaderIdentity.create({ deterministic: true, seed: undefined, format: 'vpc' })
  source.readInto(identity.readBuffers!)
  const scanned = join(dir, 'scanned.vhd')
  try {
    await writeAtomically(scanned, (output) => writeVpc(source, output, bytes.length, identity))
  } finally {
    await source.close()
  }
  expect(fileDigest(scanned)).toBe(fileDigest(out))
})
