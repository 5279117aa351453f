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
export function bootBoundarySectors(bootSizeBytes: number): number {
  return roundToNearest(bootSizeBytes, MIB) / SECTOR_BYTES
}

/**
 * Where parted ends a partition given as "100%" with optimal alignment: the
 * last sector before a MiB boundary that still lies in the usable area —
 * T-1 on msdos, T-34 (the backup entries start at T-33) on GPT. For the
 * MiB-multiple disk sizes the reference makes, that is T-1 and T-2049.
 */
export function hundredPercentEnd(totalSectors: number, gpt: boolean): number {
  const lastUsable = gpt ? totalSectors - 34 : totalSectors - 1
  return Math.floor((lastUsable + 1) / MIB_SECTORS) * MIB_SECTORS - 1
}
