import { randomDiskSignature, randomGuid, type TableSpec } from '@diskimage/partition'
import { checkLayoutFits } from './checkLayoutFits.js'
import { LAYOUT_PLANS, type PlannedPartition } from './layoutPlans.js'
import {
  deterministicDiskSignature,
  REFERENCE_DISK_GUID,
  REFERENCE_PARTITION1_GUID,
  REFERENCE_PARTITION2_GUID,
} from './referenceIdentifiers.js'
import { bootBoundarySectors, hundredPercentEnd, SECTOR_BYTES } from './sectors.js'
import type { DiskLayout, LayoutGptPartition, LayoutMbrPartition, LayoutRandomness, LayoutRequest } from './types.js'
import type { SeededIdentifiers } from '../identifiers/seededIdentifiers.js'

/** Fresh identifiers like parted's: v4 GUIDs and a non-zero random signature. */
export const SYSTEM_RANDOMNESS: LayoutRandomness = { guid: randomGuid, diskSignature: randomDiskSignature }

type Placed = PlannedPartition & { number: number; lastLba: number }

/**
 * The deterministic unique GUID of a GPT entry: rootGPUID on the root
 * partition in EVERY GPT layout — including legacy+gpt, where the reference
 * passes `--partition-guid=3:` for a 2-partition table and sgdisk silently
 * ignores it (our fix, see docs/partition-tables.md) — otherwise the
 * reference's fixed GUID for entry 1 or 2.
 */
function referencePartitionGuid(p: Placed, rootGPUID: string): string {
  if (p.role === 'root') return rootGPUID.toUpperCase()
  return p.number === 1 ? REFERENCE_PARTITION1_GUID : REFERENCE_PARTITION2_GUID
}

/**
 * The exact partition table the reference's parted (+ sgdisk when
 * deterministic) commands make for `request` on a disk of `diskBytes`
 * bytes, as a TableSpec ready for @diskimage/partition's writeTable, with the
 * role of each partition. Pure and synchronous; non-deterministic
 * identifiers come from `random` (the disk GUID first, then each partition's
 * GUID in entry order — parted's order). With `seeded` (the `seed` option),
 * the disk GUID, the non-root partition GUIDs and the msdos signature come
 * from the seed in either mode, and the root partition carries
 * request.rootGPUID (derived or pinned: see planIdentifiers).
 *
 * Throws what checkLayoutFits throws.
 * @example
 *   const { table, partitions } = layout({ partitionTableType: 'efi', bootSize: 256 * 2 ** 20,
 *     deterministic: true, rootGPUID: 'F222513B-DED1-49FA-B591-20CE86A2FE7F' }, 1024 * 2 ** 20)
 *   // partitions[0]: ESP 16384..526335, partitions[1]: root 526336..2095103
 */
export function layout(
  request: LayoutRequest,
  diskBytes: number,
  random: LayoutRandomness = SYSTEM_RANDOMNESS,
  seeded?: Pick<SeededIdentifiers, 'diskGuid' | 'partitionGuid' | 'diskSignature'>,
): DiskLayout {
  checkLayoutFits(request, diskBytes)
  const type = request.partitionTableType
  const totalSectors = diskBytes / SECTOR_BYTES
  if (type === 'none') return { partitionTableType: type, totalSectors, table: null, partitions: [] }
  const plan = LAYOUT_PLANS[type]
  const gpt = plan.table === 'gpt'
    const placed: Placed[] = plan
    .partitions(bootBoundarySectors(request.bootSize))
    // checkLayoutFits has made sure parted can place every "100%" end.
    .map((p, i) => ({ ...p, number: i + 1, lastLba: p.lastLba === '100%' ? hundredPercentEnd(totalSectors, gpt, p.firstLba)! : p.lastLba }))
  let table: TableSpec
  let partitions: (LayoutGptPartition | LayoutMbrPartition)[]
  if (gpt) {
    const diskGuid = seeded ? seeded.diskGuid : request.deterministic ? REFERENCE_DISK_GUID : random.guid()
    // repart's instance counter: how many earlier entries share the type.
    const instance = (i: number) => placed.slice(0, i).filter((q) => q.gptType === placed[i]!.gptType).length
    const uniqueGuid = (p: Placed, i: number) =>
      seeded
        ? p.role === 'root' ? request.rootGPUID.toUpperCase() : seeded.partitionGuid(p.gptType!, instance(i))
        : request.deterministic ? referencePartitionGuid(p, request.rootGPUID) : random.guid()
    const gptPartitions: LayoutGptPartition[] = placed.map((p, i) => ({
      number: p.number,
      role: p.role,
      firstLba: p.firstLba,
      lastLba: p.lastLba,
      typeGuid: p.gptType!,
      uniqueGuid: uniqueGuid(p, i),
      name: p.name,
      attributes: 0n,
    }))
    partitions = gptPartitions
    table = { type: 'gpt', totalSectors, diskGuid, partitions: gptPartitions.map(({ number: _n, role: _r, ...entry }) => entry) }
  } else {
    const diskSignature = seeded ? seeded.diskSignature : request.deterministic ? deterministicDiskSignature(request.rootGPUID) : random.diskSignature()
    const mbrPartitions: LayoutMbrPartition[] = placed.map((p) => ({
      number: p.number,
      role: p.role,
      firstLba: p.firstLba,
      lastLba: p.lastLba,
      type: p.mbrType!,
      bootable: p.bootable ?? false,
    }))
    partitions = mbrPartitions
    table = { type: 'msdos', totalSectors, diskSignature, partitions: mbrPartitions.map(({ number: _n, role: _r, ...entry }) => entry) }
  }
  return { partitionTableType: type, totalSectors, table, partitions }
}

/**
 * The sectors the root filesystem occupies: its partition, or the whole
 * disk for `none`.
 */
export function rootRegion(diskLayout: DiskLayout): { firstLba: number; lastLba: number } {
  const root = diskLayout.partitions.find((p) => p.role === 'root')
  return root ? { firstLba: root.firstLba, lastLba: root.lastLba } : { firstLba: 0, lastLba: diskLayout.totalSectors - 1 }
}
