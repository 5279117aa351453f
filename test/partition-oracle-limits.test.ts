/**
 * Where parted refuses, we refuse; where it accepts, we place the partitions
 * where it does. Runs the reference's parted commands (non-deterministic, so
 * no sgdisk) around every limit layout() and checkLayoutFits() encode:
 * bootSize too small, disk too small (including parted's "100%" radius on
 * small disks and its fallback to the last usable sector), GPT disks around
 * 200 MiB where the root end switches from T-34 to T-2049, and the msdos
 * 2^32-sector limit.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  BootSizeTooSmallError,
  checkLayoutFits,
  DiskTooSmallError,
  layout,
  MsdosDiskTooLargeError,
  type LayoutTableType,
} from '@diskimage/core'
import { readTable, writeTable } from '@diskimage/partition'
import { blankImage, numfmtIec, replay, tool } from '../packages/core/src/layout/__fixtures__/oracleTools.js'
import { referenceScript } from '../packages/core/src/layout/__fixtures__/referenceScript.js'

vi.setConfig({ maxConcurrency: 8 })

const MiB = 1024 * 1024
const ROOT_GPUID = 'F222513B-DED1-49FA-B591-20CE86A2FE7F'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'partition-limits-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})


/**
 * Runs the reference's parted commands on a blank image of diskMiB MiB and
 * our layout() for the same request; returns parted's exit code and our
 * error (or null), after checking that, when both accept, our table reads
 * back equal to parted's (its random identifiers replayed).
 */
async function compare(type: LayoutTableType, bootSize: string, diskMiB: number): Promise<{ partedOk: boolean; ourError: unknown }> {
  const name = `${type.replace('+', '_')}-${bootSize}-${diskMiB}`
  const refImage = join(dir, `${name}.ref.img`)
  const ourImage = join(dir, `${name}.ours.img`)
  const diskBytes = diskMiB * MiB
  const request = { partitionTableType: type, bootSize: await numfmtIec(bootSize), deterministic: false, rootGPUID: ROOT_GPUID }
  try {
    await blankImage(refImage, diskBytes)
    const script = referenceScript({ partitionTableType: type, bootSize, deterministic: false, rootGPUID: ROOT_GPUID, fixLegacyGptRootGuid: true })
    const partedOk = (await tool('bash', ['-c', script, 'reference', refImage])).code === 0
    let ourError: unknown = null
    try {
      checkLayoutFits(request, diskBytes)
    } catch (error) {
      ourError = error
    }
    if (partedOk && ourError === null) {
      const theirs = await readTable(refImage)
      const ours = layout(request, diskBytes, replay(theirs))
      await blankImage(ourImage, diskBytes)
      await writeTable(ourImage, ours.table!)
      expect(await readTable(ourImage)).toEqual(theirs)
    }
    return { partedOk, ourError }
  } finally {
    await rm(refImage, { force: true })
    await rm(ourImage, { force: true })
  }
}

describe.concurrent('bootSize limits', () => {
  const cases: [LayoutTableType, string, boolean][] = [
    ['efi', '7M', false],
    ['efi', '8388607', false],
    ['efi', '8M', true],
    ['hybrid', '7M', false],
    ['hybrid', '8M', true],
    ['efixbootldr', '99M', false],
    ['efixbootldr', '104857599', false],
    ['efixbootldr', '100M', true],
    ['legacy+boot', '0', false],
    ['legacy+boot', '1048575', false],
    ['legacy+boot', '1M', true],
  ]
  it.each(cases)('%s with bootSize %s: accepted %s, like parted', async (type, bootSize, accepted) => {
    const { partedOk, ourError } = await compare(type, bootSize, 2048)
    expect(partedOk).toBe(accepted)
    if (accepted) expect(ourError).toBeNull()
    else expect(ourError).toBeInstanceOf(BootSizeTooSmallError)
  })
})

/** Smallest bootSize each layout accepts, so the disk-size sweep starts right at the boot boundary. */
const SMALL_BOOT: Record<Exclude<LayoutTableType, 'none'>, string> = {
  legacy: '256M',
  'legacy+boot': '1M',
  'legacy+gpt': '256M',
  efi: '8M',
  efixbootldr: '100M',
  hybrid: '8M',
}

describe.concurrent('disk size limits and parted\'s "100%"', () => {
  // Tiny disks (below and at each layout's minimum), around the ends of the 8M/100M boot partitions,
  // around 200 MiB where GPT's "100%" radius first reaches T-2049, and sizes where 1% is a power of two.
  const sizes = [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 101, 102, 103, 104, 105, 106, 190, 199, 200, 201, 202, 400, 800]
  const cases = (Object.keys(SMALL_BOOT) as Exclude<LayoutTableType, 'none'>[]).flatMap((type) =>
    sizes.map((diskMiB) => [type, SMALL_BOOT[type], diskMiB] as const),
  )
  it.each(cases)('%s, bootSize %s, %i MiB: we refuse exactly when parted does', async (type, bootSize, diskMiB) => {
    const { partedOk, ourError } = await compare(type, bootSize, diskMiB)
    expect(ourError === null, `parted ${partedOk ? 'accepted' : 'refused'}, we said ${String(ourError)}`).toBe(partedOk)
    if (!partedOk) expect(ourError).toBeInstanceOf(DiskTooSmallError)
  })

  it.each(['legacy+boot', 'efi', 'efixbootldr', 'hybrid'] as const)('%s with bootSize 1G near the boot boundary', async (type) => {
    for (const diskMiB of [1025, 1026, 1027, 1028]) {
      const { partedOk, ourError } = await compare(type, '1G', diskMiB)
      expect(ourError === null, `${diskMiB} MiB: parted ${partedOk}, we said ${String(ourError)}`).toBe(partedOk)
    }
  })

  it.each(Object.keys(SMALL_BOOT) as Exclude<LayoutTableType, 'none'>[])(
    '%s: the minimum disk size in DiskTooSmallError is the smallest parted accepts',
    async (type) => {
      const bootSize = SMALL_BOOT[type]
      let minimum = 0
      try {
        checkLayoutFits({ partitionTableType: type, bootSize: await numfmtIec(bootSize) }, MiB)
      } catch (error) {
        expect(error).toBeInstanceOf(DiskTooSmallError)
        minimum = (error as DiskTooSmallError).data.minimumDiskBytes / MiB
        expect((error as Error).message).toContain(`at least ${minimum} MiB`)
      }
      expect(minimum).toBeGreaterThan(1)
      expect((await compare(type, bootSize, minimum)).partedOk).toBe(true)
      expect((await compare(type, bootSize, minimum - 1)).partedOk).toBe(false)
    },
  )
})

describe.concurrent('msdos 2^32-sector limit', () => {
  it.each([
    ['legacy', '256M'],
    ['legacy+boot', '256M'],
  ] as const)('%s (bootSize %s): the maximum in MsdosDiskTooLargeError is the largest parted accepts', async (type, bootSize) => {
    let maximum = 0
    try {
      checkLayoutFits({ partitionTableType: type, bootSize: await numfmtIec(bootSize) }, 4 * 1024 * 1024 * MiB)
    } catch (error) {
      expect(error).toBeInstanceOf(MsdosDiskTooLargeError)
      maximum = (error as MsdosDiskTooLargeError).data.maximumDiskBytes / MiB
    }
    expect(maximum).toBeGreaterThan(0)
    const atMaximum = await compare(type, bootSize, maximum)
    expect(atMaximum).toEqual({ partedOk: true, ourError: null })
    const beyond = await compare(type, bootSize, maximum + 1)
    expect(beyond.partedOk).toBe(false)
    expect(beyond.ourError).toBeInstanceOf(MsdosDiskTooLargeError)
  })
})
