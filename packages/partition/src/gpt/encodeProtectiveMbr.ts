import { SECTOR_SIZE } from '../types.js'
import { encodeMbrEntry, sealMbr } from '../mbr/encodeMbrEntry.js'
import { MBR } from '../mbr/mbrLayout.js'

/**
 * Sector 0 of a GPT disk: one 0xEE entry covering sector 1 to the end (capped
 * at 2^32 - 1 sectors for disks over 2 TiB), no boot code, zero disk
 * signature. parted and sgdisk both write CHS 00 02 00 .. FF FF FF whatever
 * the disk size (measured on 64 MiB and 1 GiB images).
 */
export function encodeProtectiveMbr(totalSectors: number): Uint8Array {
  const sector = new Uint8Array(SECTOR_SIZE)
  encodeMbrEntry(sector, 0, {
    status: 0,
    type: 0xee,
    firstLba: 1,
    sectorCount: Math.min(totalSectors - 1, MBR.maxLba),
    chsFirst: [0x00, 0x02, 0x00],
    chsLast: [0xff, 0xff, 0xff],
  })
  sealMbr(sector)
  return sector
}
