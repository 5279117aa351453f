import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../autosize/__fixtures__/makeTrees.js'
import { blankImage, tool } from '../layout/__fixtures__/oracleTools.js'
import { referenceScript } from '../layout/__fixtures__/referenceScript.js'
import type { PartitionTableType } from '../options/choices.js'
import { DEFAULT_ROOT_GPUID } from '../options/defaults.js'
import type { ImageOptions } from '../options/ImageOptions.js'
import { resolveOptions } from '../options/resolveOptions.js'
import { findOptionIssues } from './validateOptions.js'

// The limits validation puts on bootSize and diskSize are parted's: here the
// reference's own parted commands (make-disk-image.nix partitionDiskScript, its
// numfmt + round_to_nearest for bootSize) run on blank images, and validation
// must accept exactly what parted accepts.

const MIB = 1048576
let dir: string
beforeAll(() => {
  dir = tempDir('limits')
  mkdirSync(join(dir, 'root'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function problems(partitionTableType: PartitionTableType, bootSize: string, diskSize: number) {
  const input: ImageOptions = { root: join(dir, 'root'), out: join(dir, 'out'), partitionTableType, bootSize, diskSize }
  return findOptionIssues(resolveOptions(input))
}

let image = 0
async function partedAccepts(partitionTableType: PartitionTableType, bootSize: string, diskMiB: number): Promise<boolean> {
  const path = join(dir, `disk-${image++}.img`)
  await blankImage(path, diskMiB * MIB)
  const script = referenceScript({ partitionTableType, bootSize, deterministic: false, rootGPUID: DEFAULT_ROOT_GPUID, fixLegacyGptRootGuid: false })
  const result = await tool('bash', ['-c', script, 'reference', path])
  rmSync(path)
  return result.code === 0
}

const BOOT_SIZES: [PartitionTableType, string[]][] = [
  ['legacy+boot', ['0', '1', '1048575', '1M', '2M']],
  ['efi', ['1M', '7M', '8388607', '8M', '9M']],
  ['hybrid', ['7M', '8388607', '8M', '8.5M']],
  ['efixbootldr', ['8M', '99M', '104857599', '100M', '101M']],
]

describe('bootSize: validation refuses exactly what parted refuses', () => {
  for (const [layout, bootSizes] of BOOT_SIZES) {
    it(layout, async () => {
      const verdicts = []
      for (const bootSize of bootSizes) {
        const diskMiB = 128 // past every boot partition here
        const accepted = problems(layout, bootSize, diskMiB).length === 0
        verdicts.push([bootSize, accepted])
        expect([bootSize, accepted]).toEqual([bootSize, await partedAccepts(layout, bootSize, diskMiB)])
      }
      // Both sides of the limit were tried.
      expect(new Set(verdicts.map(([, accepted]) => accepted))).toEqual(new Set([true, false]))
    })
  }

  it('the refusal is E_BOOT_SIZE_TOO_SMALL', () => {
    expect(problems('efixbootldr', '99M', 128).map((p) => p.code)).toEqual(['E_BOOT_SIZE_TOO_SMALL'])
  })
})

// The smallest diskSize validation accepts, searched upward.
function minimumAccepted(layout: PartitionTableType, bootSize: string): number {
  for (let mib = 1; mib < 2048; mib++) if (problems(layout, bootSize, mib).length === 0) return mib
  throw new Error('no diskSize accepted')
}

const DISK_CASES: [PartitionTableType, string][] = [
  ['legacy', '256M'],
  ['legacy+gpt', '256M'],
  ['legacy+boot', '1M'],
  ['legacy+boot', '256M'],
  ['efi', '8M'],
  ['efi', '100M'],
  ['hybrid', '8M'],
  ['efixbootldr', '100M'],
  ['efixbootldr', '513M'],
]

describe('diskSize: the smallest one validation accepts works with parted, one MiB less fails', () => {
  it.each(DISK_CASES)('%s, bootSize %s', async (layout, bootSize) => {
    const minimum = minimumAccepted(layout, bootSize)
    expect(minimum).toBeGreaterThan(1)
    expect(problems(layout, bootSize, minimum - 1).map((p) => p.code)).toEqual(['E_DISK_TOO_SMALL'])
    expect(await partedAccepts(layout, bootSize, minimum)).toBe(true)
    expect(await partedAccepts(layout, bootSize, minimum - 1)).toBe(false)
  })

  it('none: 1 MiB is accepted and mkfs.ext4 -b 4096 formats it; 0 is refused', async () => {
    expect(minimumAccepted('none', '256M')).toBe(1)
    expect(problems('none', '256M', 0).map((p) => p.code)).toEqual(['E_INVALID_SIZE'])
    const path = join(dir, 'none.img')
    await blankImage(path, MIB)
    expect((await tool('mkfs.ext4', ['-q', '-b', '4096', '-F', '-L', 'nixos', path])).code).toBe(0)
  })
})

describe('diskSize on msdos: the largest one validation accepts works with parted, one MiB more fails', () => {
  it.each([
    ['legacy', '256M'],
    ['legacy+boot', '256M'],
  ] as [PartitionTableType, string][])('%s, bootSize %s', async (layout, bootSize) => {
    const tooLarge = problems(layout, bootSize, 4 * 1024 * 1024) // 4 TiB
    expect(tooLarge.map((p) => p.code)).toEqual(['E_MSDOS_DISK_TOO_LARGE'])
    const maximum = (tooLarge[0]!.data as { maximumDiskBytes: number }).maximumDiskBytes / MIB
    expect(problems(layout, bootSize, maximum)).toEqual([])
    expect(problems(layout, bootSize, maximum + 1).map((p) => p.code)).toEqual(['E_MSDOS_DISK_TOO_LARGE'])
    expect(await partedAccepts(layout, bootSize, maximum)).toBe(true)
    expect(await partedAccepts(layout, bootSize, maximum + 1)).toBe(false)
  })
})
