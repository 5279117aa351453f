/**
 * Fuzzing the MBR and GPT readers (readTable) with random and mutated tables: the
 * only outcomes allowed are a table whose partitions lie inside the disk, or a
 * typed PartitionError. No other exception, no hang (a per-input time limit), no
 * allocation beyond the input's size. Inputs stay in memory (a FileHandle over a
 * buffer) so a million of them take a minute or two; `npm run fuzz` runs that.
 */
import fc from 'fast-check'
import { afterAll, expect, it } from 'vitest'
import { encodeTable, PartitionError, readTable, type TableSpec } from '@diskimage/partition'
import { AllocationWatch } from './fuzz/allocationWatch.js'
import { fuzzRuns, noteProgress, PER_INPUT_TIMEOUT_MS, reportRuns } from './fuzz/budget.js'
import { fixGptCrcs } from './fuzz/gptFixups.js'
import { memoryHandle } from './fuzz/memoryHandle.js'
import { applyMutation, mutationPlan, type Region } from './fuzz/mutate.js'

const SECTOR = 512

function imageOf(spec: TableSpec): Buffer {
  const image = Buffer.alloc(spec.totalSectors * SECTOR)
  for (const piece of encodeTable(spec)) image.set(piece.bytes, piece.offset)
  return image
}

const GUID = (n: number) => `${n.toString(16).padStart(8, '0')}-1111-4222-8333-444455556666`
const SEEDS = {
  gpt: [
    imageOf({
      type: 'gpt',
      totalSectors: 200,
      diskGuid: GUID(1),
      partitions: [
        { firstLba: 34, lastLba: 99, typeGuid: 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B', uniqueGuid: GUID(2), name: 'ESP', attributes: 0n },
        { firstLba: 100, lastLba: 166, typeGuid: '0FC63DAF-8483-4772-8E79-3D69D8477DE4', uniqueGuid: GUID(3), name: 'primary', attributes: 4n },
      ],
    }),
    imageOf({ type: 'gpt', totalSectors: 68, diskGuid: GUID(4), partitions: [] }),
  ],
  msdos: [
    imageOf({
      type: 'msdos',
      totalSectors: 64,
      diskSignature: 0x12345678,
      partitions: [
        { firstLba: 1, lastLba: 20, type: 0x0c, bootable: true },
        { firstLba: 21, lastLba: 40, type: 0x83, bootable: false },
        { firstLba: 41, lastLba: 50, type: 0x82, bootable: false },
        { firstLba: 51, lastLba: 63, type: 0x05, bootable: false },
      ],
    }),
  ],
}

/** Where tables live: sector 0, the primary header and entries, the backup entries and header. */
const HOT: Region[] = [() => [0x1be, 0x200], () => [512, 1024], () => [1024, 1024 + 4 * 128], (n) => [n - 512, n], (n) => [n - 33 * 512, n - 512]]

const watch = new AllocationWatch()
const totals = { inputs: 0, typedErrors: 0, parsed: 0 }

/** The property: a consistent table, or a typed error — anything else fails the run. */
async function readsSafely(image: Buffer): Promise<void> {
  totals.inputs++
  noteProgress('partition', totals.inputs)
  const outcome = await readTable(memoryHandle(image)).catch((e: unknown) => e)
  if (outcome instanceof Error) {
    if (!(outcome instanceof PartitionError) || typeof outcome.code !== 'string' || typeof outcome.data !== 'object') throw outcome
    totals.typedErrors++
    return
  }
  totals.parsed++
  const table = outcome as Awaited<ReturnType<typeof readTable>>
  const total = Math.floor(image.length / SECTOR)
  for (const p of table.partitions) {
    if (!(p.firstLba <= p.lastLba && p.lastLba < total)) throw new Error(`accepted partition ${p.number} at ${p.firstLba}..${p.lastLba} outside a ${total}-sector disk`)
  }
}

const mutated = (seeds: Buffer[], fixCrcs: boolean) =>
  fc.tuple(mutationPlan(seeds.length), fc.boolean()).map(([plan, fix]) => {
    const image = applyMutation(seeds[plan.seed]!, HOT, plan)
    if (fixCrcs && fix) fixGptCrcs(image)
    return image
  })

/** Random sector 0 with the boot signature, optionally a random GPT header with valid CRCs behind it. */
const randomTable = fc
  .tuple(fc.uint8Array({ minLength: 512, maxLength: 512 }), fc.uint8Array({ minLength: 92, maxLength: 512 }), fc.integer({ min: 1, max: 300 }), fc.boolean())
  .map(([mbr, header, sectors, gpt]) => {
    const image = Buffer.alloc(sectors * SECTOR)
    image.set(mbr.subarray(0, Math.min(512, image.length)))
    if (image.length >= 512) image.writeUInt16LE(0xaa55, 510)
    if (gpt && image.length >= 1024) {
      image[0x1be + 4] = 0xee
      image.set(header, 512)
      image.write('EFI PART', 512, 'latin1')
      fixGptCrcs(image)
    }
    return image
  })

const params = { numRuns: fuzzRuns(4000), timeout: PER_INPUT_TIMEOUT_MS }

afterAll(() => {
  reportRuns('partition (MBR + GPT)', { ...totals, maxAllocation: watch.largest })
})

it('GPT: mutated tables (CRCs fixed up or not) give a consistent table or a PartitionError', async () => {
  watch.start()
  try {
    await fc.assert(fc.asyncProperty(mutated(SEEDS.gpt, true), readsSafely), params)
  } finally {
    watch.stop()
  }
  expect(watch.largest).toBeLessThanOrEqual(1 << 20)
})

it('MBR: mutated tables give a consistent table or a PartitionError', async () => {
  watch.start()
  try {
    await fc.assert(fc.asyncProperty(mutated(SEEDS.msdos, false), readsSafely), params)
  } finally {
    watch.stop()
  }
  expect(watch.largest).toBeLessThanOrEqual(1 << 20)
})

it('random sector 0 and random GPT headers give a table or a PartitionError', async () => {
  watch.start()
  try {
    await fc.assert(fc.asyncProperty(randomTable, readsSafely), params)
  } finally {
    watch.stop()
  }
  expect(watch.largest).toBeLessThanOrEqual(1 << 20)
  expect(totals.typedErrors).toBeGreaterThan(0)
  expect(totals.parsed).toBeGreaterThan(0)
})
