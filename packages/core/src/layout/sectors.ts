import { roundToNearest } from '../sizes/roundToNearest.js'

/** Sector size of every image (parted's and sgdisk's default for files). */
export const SECTOR_BYTES = 512
/** One MiB in bytes. */
export const MIB = 1024 * 1024
/** One MiB in sectors: parted's optimal alignment grain. */
export const MIB_SECTORS = MIB / SECTOR_BYTES

/**
 * The reference's boot boundary in sectors: `bootSizeMiB` =
 * round_to_nearest(bootSize, MiB), which always adds a MiB ("256M" → 257 MiB).
 */
export function bootBoundarySectors(bootSizeBytes: number | bigint): number {
  if (typeof bootSizeBytes === 'bigint') return Number(roundToNearest(bootSizeBytes, BigInt(MIB)) / BigInt(SECTOR_BYTES))
  return roundToNearest(bootSizeBytes, MIB) / SECTOR_BYTES
}

/**
 * Where parted 3.5 ends a partition given as "100%" (optimal alignment), or
 * null when parted refuses it. Read from parted's source and checked
 * against it in test/partition-oracle-limits.test.ts:
 * - "100%" is the sector floor(100.0 * u / 512) with u = floor(T*512/100)
 *   bytes (one percent), and parted accepts any end within a radius of
 *   floor(ceil(u/512)/2) - 1 sectors of it (libparted unit.c);
 * - with optimal alignment it takes the last sector before a MiB boundary
 *   inside the usable area (T-1 on msdos; T-34 on GPT, whose backup entries
 *   start at T-33) if that is within the radius and not before the
 *   partition's start — T-1 on msdos and T-2049 on GPT for the MiB-multiple
 *   sizes of the reference, from 201 MiB up;
 * - otherwise it drops alignment and ends at the last usable sector (T-34 on
 *   small GPT disks), which must still lie within the radius (parted.c
 *   do_mkpart: in script mode a location outside it is an error).
 */
export function hundredPercentEnd(totalSectors: number, gpt: boolean, start: number): number | null {
  const lastUsable = gpt ? totalSectors - 34 : totalSectors - 1
  if (start > lastUsable) return null
  const unitBytes = Number((BigInt(totalSectors) * BigInt(SECTOR_BYTES)) / 100n)
  const radius = Math.max(0, Math.floor(Math.ceil(unitBytes / SECTOR_BYTES) / 2) - 1)
  // Same double arithmetic as parted's `num * unit_size / dev->sector_size` with num = 100.0.
  const centre = Math.floor((100 * unitBytes) / SECTOR_BYTES)
  const rangeStart = Math.max(0, centre - radius)
  const aligned = Math.floor((lastUsable + 1) / MIB_SECTORS) * MIB_SECTORS - 1
  if (aligned >= rangeStart && aligned >= start) return aligned
  return lastUsable >= rangeStart ? lastUsable : null
}
