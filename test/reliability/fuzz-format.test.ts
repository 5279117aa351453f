/**
 * Fuzzing the image readers (openImage: qcow2, qcow2 compressed, VDI, VHD, VMDK)
 * with mutated images written by our converter and with random bytes behind each
 * format's magic. Allowed outcomes: the image opens and reads, or a typed
 * FormatError. No other exception, no hang (per-input time limit), and no Buffer
 * larger than 64 MiB for inputs of at most a few MiB (a reader trusting a size
 * field would ask for gigabytes). Inputs go through a file in /dev/shm, as
 * openImage reads files.
 */
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { convert, FormatError, openImage, type ImageFormat } from '@diskimage/format'
import { AllocationWatch } from './fuzz/allocationWatch.js'
import { fuzzRuns, noteProgress, PER_INPUT_TIMEOUT_MS, reportRuns } from './fuzz/budget.js'
import { applyMutation, mutationPlan, type Region } from './fuzz/mutate.js'
import { fixVhdChecksums } from './fuzz/vhdFixups.js'

const FORMATS = ['qcow2', 'qcow2-compressed', 'vdi', 'vpc', 'vmdk'] as const satisfies readonly ImageFormat[]
const MAX_ALLOCATION = 64 << 20
const READ = 64 * 1024

let work: string
const seeds: Record<string, Buffer[]> = {}
beforeAll(async () => {
  work = mkdtempSync('/dev/shm/reliability-fuzz-')
  // Two raw disks: all zeros (only metadata in the images) and one with data in a few places.
  const empty = join(work, 'empty.raw')
  writeFileSync(empty, Buffer.alloc(0))
  truncateSync(empty, 512 * 1024)
  const data = join(work, 'data.raw')
  const bytes = Buffer.alloc(512 * 1024)
  for (let i = 0; i < 3000; i++) bytes[(i * 7919) % bytes.length] = (i * 31) & 0xff
  writeFileSync(data, bytes)
  for (const format of FORMATS) {
    seeds[format] = []
    for (const raw of [empty, data]) {
      const out = join(work, `${format}-${seeds[format]!.length}.img`)
      await convert(raw, { format, out, threads: 1 })
      seeds[format]!.push(readFileSync(out))
    }
  }
})
afterAll(() => rmSync(work, { recursive: true, force: true }))

/** Headers, tables and footers: the first 4 KiB, the last 1 KiB (VHD footer, VMDK footer), and qcow2's second cluster. */
const HOT: Region[] = [() => [0, 4096], (n) => [n - 1024, n], () => [65536, 65536 + 4096]]

const MAGIC: Record<string, (b: Buffer) => void> = {
  qcow2: (b) => b.writeUInt32BE(0x514649fb, 0),
  vdi: (b) => b.length >= 0x44 && b.writeUInt32LE(0xbeda107f, 0x40),
  vpc: (b) => b.write('conectix', 0, 'latin1'),
  vmdk: (b) => b.writeUInt32LE(0x564d444b, 0),
}

const watch = new AllocationWatch()
const totals = { inputs: 0, typedErrors: 0, parsed: 0 }
let counter = 0

/** The property: opens and reads at a few places, or a typed FormatError — anything else fails the run. */
async function readsSafely(bytes: Buffer, readAt: number[]): Promise<void> {
  totals.inputs++
  noteProgress('format', totals.inputs)
  const path = join(work, `input-${counter++ % 4}.img`)
  writeFileSync(path, bytes)
  try {
    const image = await openImage(path)
    try {
      for (const fraction of [0, ...readAt]) {
        const offset = Math.floor(fraction * image.virtualSize)
        await image.read(offset, Math.min(READ, image.virtualSize - offset))
      }
    } finally {
      await image.close()
    }
    totals.parsed++
  } catch (error) {
    if (!(error instanceof FormatError) || typeof error.code !== 'string' || typeof error.data !== 'object') throw error
    totals.typedErrors++
  }
}

// Fractions of the virtual size where the image is read after it opens.
const readPositions = fc.array(fc.integer({ min: 0, max: 0xffff }).map((n) => n / 0x10000), { maxLength: 3 })
const params = { numRuns: fuzzRuns(1000), timeout: PER_INPUT_TIMEOUT_MS }

afterAll(() => reportRuns('format (qcow2, VDI, VHD, VMDK)', { ...totals, maxAllocation: watch.largest }))

it.each(FORMATS)('%s: mutated images open and read, or give a FormatError', async (format) => {
  // The seed with data is 1-2 MiB for VDI and VHD (whole blocks), the empty one a few KiB:
  // one input in eight starts from the data seed, so the file writes do not dominate.
  const pool = [0, 0, 0, 0, 0, 0, 0, 1].map((i) => seeds[format]![i]!)
  const mutated = fc.tuple(mutationPlan(pool.length), fc.boolean()).map(([plan, fix]) => {
    const image = applyMutation(pool[plan.seed]!, HOT, plan)
    if (format === 'vpc' && fix) fixVhdChecksums(image)
    return image
  })
  watch.start()
  try {
    await fc.assert(fc.asyncProperty(mutated, readPositions, readsSafely), params)
  } finally {
    watch.stop()
  }
  expect(watch.largest).toBeLessThanOrEqual(MAX_ALLOCATION)
})

it('random bytes behind each magic open and read, or give a FormatError', async () => {
  const random = fc
    .tuple(fc.constantFrom(...Object.keys(MAGIC)), fc.uint8Array({ minLength: 8, maxLength: 8192 }), fc.boolean(), fc.boolean())
    .map(([format, body, footerAtEnd, fix]) => {
      const image = Buffer.from(body)
      if (format === 'vpc' && footerAtEnd && image.length >= 512) image.write('conectix', image.length - 512, 'latin1')
      else MAGIC[format]!(image)
      if (fix) fixVhdChecksums(image)
      return image
    })
  watch.start()
  try {
    await fc.assert(fc.asyncProperty(random, readPositions, readsSafely), params)
  } finally {
    watch.stop()
  }
  expect(watch.largest).toBeLessThanOrEqual(MAX_ALLOCATION)
  expect(totals.typedErrors).toBeGreaterThan(0)
  expect(totals.parsed).toBeGreaterThan(0)
})
