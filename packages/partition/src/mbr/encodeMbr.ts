import { InvalidTableSpecError } from '../errors/InvalidTableSpecError.js'
import { MbrLimitExceededError } from '../errors/MbrLimitExceededError.js'
import { checkPartitionRanges } from '../checkPartitionRanges.js'
import type { MbrTableSpec } from '../types.js'
import { SECTOR_SIZE } from '../types.js'
import { encodeMbrEntry, sealMbr } from './encodeMbrEntry.js'
import { MBR } from './mbrLayout.js'

/**
 * Builds sector 0 of an msdos-labelled disk.
 *
 * The 440 bytes of boot code stay zero: parted puts a 75-byte stub there
 * that only chain-loads the active partition's boot sector, which no image
 * we build needs (the bootloader step installs its own code). Zero is
 * deterministic and tells any BIOS plainly that there is no boot code.
 */
export function encodeMbr(spec: MbrTableSpec): Uint8Array {
  if (spec.partitions.length > MBR.entryCount) {
    throw new InvalidTableSpecError('partitions.length', spec.partitions.length, 'at most 4 primary partitions on msdos')
  }
  if (!Number.isInteger(spec.diskSignature) || spec.diskSignature < 0 || spec.diskSignature > 0xffffffff) {
    throw new InvalidTableSpecError('diskSignature', spec.diskSignature, 'an integer in 0..0xFFFFFFFF')
  }
  const numbered = spec.partitions.map((p, i) => ({ ...p, number: i + 1 }))
  checkPartitionRanges(numbered, 1, spec.totalSectors - 1)
  const sector = new Uint8Array(SECTOR_SIZE)
  new DataView(sector.buffer).setUint32(MBR.diskSignatureOffset, spec.diskSignature, true)
  numbered.forEach((p, slot) => {
    if (!Number.isInteger(p.type) || p.type <= 0 || p.type > 0xff) {
      throw new InvalidTableSpecError(`partitions[${slot}].type`, p.type, 'a partition type byte in 0x01..0xFF')
    }
    // An entry stores start and length in 32 bits each; like parted, that is
    // the only limit (a partition may end past sector 2^32 - 1).
    const sectorCount = p.lastLba - p.firstLba + 1
    if (p.firstLba > MBR.maxLba) throw new MbrLimitExceededError(`partitions[${slot}].firstLba`, p.firstLba)
    if (sectorCount > MBR.maxLba) throw new MbrLimitExceededError(`partitions[${slot}] length in sectors`, sectorCount)
    encodeMbrEntry(sector, slot, {
      status: p.bootable ? 0x80 : 0,
      type: p.type,
      firstLba: p.firstLba,
      sectorCount,
    })
  })
  sealMbr(sector)
  return sector
}
