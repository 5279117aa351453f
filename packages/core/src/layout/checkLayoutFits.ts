import { BootSizeTooSmallError } from './errors/BootSizeTooSmallError.js'
import { DiskSizeNotAlignedError } from './errors/DiskSizeNotAlignedError.js'
import { DiskTooSmallError } from './errors/DiskTooSmallError.js'
import { MsdosDiskTooLargeError } from './errors/MsdosDiskTooLargeError.js'
import { LAYOUT_PLANS } from './layoutPlans.js'
import { bootBoundarySectors, hundredPercentEnd, MIB, MIB_SECTORS, SECTOR_BYTES } from './sectors.js'
import type { LayoutRequest } from './types.js'

/** Largest partition length an msdos entry can hold, in sectors. */
const MSDOS_MAX_SECTORS = 0xffffffff

/** The smallest whole-MiB disk on which parted can place the root partition starting at rootStart. */
function minimumDiskSectors(rootStart: number, gpt: boolean): number {
  let sectors = rootStart + MIB_SECTORS
  // A few MiB more at most: beyond 4 MiB parted's "100%" radius always reaches the last usable sector.
  while (hundredPercentEnd(sectors, gpt, rootStart) === null) sectors += MIB_SECTORS
  return sectors
}

/**
 * Throws the typed error parted's failure would correspond to, before any
 * byte is written:
 * - BootSizeTooSmallError when the partition ending at the boot boundary
 *   would be empty (efi/hybrid: bootSize < 8M, efixbootldr: < 100M,
 *   legacy+boot: < 1M);
 * - with `diskBytes`: DiskSizeNotAlignedError unless it is a positive whole
 *   number of MiB, DiskTooSmallError when parted could not place the root
 *   partition (it would be empty, or "100%" cannot reach it),
 *   MsdosDiskTooLargeError when an msdos root partition would reach 2^32
 *   sectors (parted's limit: start and length are 32-bit).
 * Exported for the options validator; `layout` runs it first.
 */
export function checkLayoutFits(request: Pick<LayoutRequest, 'partitionTableType' | 'bootSize'>, diskBytes?: number): void {
  const type = request.partitionTableType
  if (diskBytes !== undefined && (!Number.isSafeInteger(diskBytes) || diskBytes <= 0 || diskBytes % MIB !== 0)) {
    throw new DiskSizeNotAlignedError(diskBytes)
  }
  if (type === 'none') return
  const plan = LAYOUT_PLANS[type]
  const boundary = bootBoundarySectors(request.bootSize)
  const planned = plan.partitions(boundary)
  if (plan.bootPartitionStart !== null && boundary - 1 < plan.bootPartitionStart) {
    const bootPartition = planned.find((p) => p.firstLba === plan.bootPartitionStart)!
    const name = bootPartition.name || bootPartition.role // msdos partitions have no name
    throw new BootSizeTooSmallError(type, Number(request.bootSize), plan.bootPartitionStart * SECTOR_BYTES, name)
  }
  if (diskBytes === undefined) return
  const gpt = plan.table === 'gpt'
  const rootStart = planned.find((p) => p.role === 'root')!.firstLba
  const totalSectors = diskBytes / SECTOR_BYTES
  if (hundredPercentEnd(totalSectors, gpt, rootStart) === null) {
    throw new DiskTooSmallError(type, diskBytes, minimumDiskSectors(rootStart, gpt) * SECTOR_BYTES)
  }
  if (!gpt && totalSectors - rootStart > MSDOS_MAX_SECTORS) {
    const maximumSectors = Math.floor((rootStart + MSDOS_MAX_SECTORS) / MIB_SECTORS) * MIB_SECTORS
    throw new MsdosDiskTooLargeError(type, diskBytes, maximumSectors * SECTOR_BYTES)
  }
}
