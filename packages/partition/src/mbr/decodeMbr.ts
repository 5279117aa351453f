import { checkPartitionRanges } from '../checkPartitionRanges.js'
import type { MbrPartition, MbrTable } from '../types.js'
import { MBR } from './mbrLayout.js'

/** The four raw slots of an MBR; empty slots (type 0) are left out. */
export function decodeMbrSlots(sector: Uint8Array): MbrPartition[] {
  const view = new DataView(sector.buffer, sector.byteOffset, sector.byteLength)
  const partitions: MbrPartition[] = []
  for (let slot = 0; slot < MBR.entryCount; slot++) {
    const at = MBR.entriesOffset + slot * MBR.entrySize
    const type = view.getUint8(at + 4)
    if (type === 0) continue
    const firstLba = view.getUint32(at + 8, true)
    const count = view.getUint32(at + 12, true)
    partitions.push({ number: slot + 1, firstLba, lastLba: firstLba + count - 1, type, bootable: view.getUint8(at) === 0x80 })
  }
  return partitions
}

/**
 * Decodes an msdos table from sector 0 (the 0x55AA signature already
 * checked). Partitions must lie within 1..T-1 and not overlap. Extended
 * partitions are reported as the primary entry they are; their logical
 * partitions are not followed.
 */
export function decodeMbr(sector: Uint8Array, totalSectors: number): MbrTable {
  const partitions = decodeMbrSlots(sector)
  checkPartitionRanges(partitions, 1, totalSectors - 1)
  const diskSignature = new DataView(sector.buffer, sector.byteOffset).getUint32(MBR.diskSignatureOffset, true)
  return { type: 'msdos', totalSectors, diskSignature, partitions }
}
