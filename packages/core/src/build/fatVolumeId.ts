import type { DiskLayout, LayoutPartition } from '../layout/types.js'

/**
 * The FAT volume serial of a boot partition in deterministic mode (mkfs.fat takes
 * it from the clock otherwise, which is why the reference's ESP differs between
 * builds). On GPT it is the first 32 bits of the partition's unique GUID, as
 * written in the GUID's text form — so the ESP of the reference layout
 * (1C06F03B-…) gets serial 1C06-F03B, which is what `blkid` shows as its UUID.
 * On msdos it is the disk signature plus the partition number, mirroring how
 * Linux names msdos partitions (PARTUUID=SSSSSSSS-NN).
 */
export function fatVolumeId(diskLayout: DiskLayout, p: LayoutPartition): number {
  const table = diskLayout.table
  if (table?.type === 'gpt' && 'uniqueGuid' in p) return parseInt(p.uniqueGuid.slice(0, 8), 16) >>> 0
  if (table?.type === 'msdos') return (table.diskSignature + p.number) >>> 0
  throw new Error(`fatVolumeId: partition ${p.number} has no table to derive a serial from`)
}
