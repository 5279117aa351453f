import { encodeChs } from './chs.js'
import { MBR } from './mbrLayout.js'

/** The fields of one 16-byte MBR partition entry. */
export interface MbrEntryFields {
  status: number
  type: number
  firstLba: number
  sectorCount: number
  /** CHS of the first and last sector; computed from the LBAs when omitted. */
  chsFirst?: [number, number, number]
  chsLast?: [number, number, number]
}

/** Writes one partition entry into slot `slot` (0..3) of `sector`. */
export function encodeMbrEntry(sector: Uint8Array, slot: number, entry: MbrEntryFields): void {
  const at = MBR.entriesOffset + slot * MBR.entrySize
  const view = new DataView(sector.buffer, sector.byteOffset, sector.byteLength)
  const chsFirst = entry.chsFirst ?? encodeChs(entry.firstLba)
  const chsLast = entry.chsLast ?? encodeChs(entry.firstLba + entry.sectorCount - 1)
  view.setUint8(at, entry.status)
  sector.set(chsFirst, at + 1)
  view.setUint8(at + 4, entry.type)
  sector.set(chsLast, at + 5)
  view.setUint32(at + 8, entry.firstLba, true)
  view.setUint32(at + 12, entry.sectorCount, true)
}

/** Puts the 0x55AA signature at the end of the sector. */
export function sealMbr(sector: Uint8Array): void {
  new DataView(sector.buffer, sector.byteOffset).setUint16(MBR.bootSignatureOffset, MBR.bootSignature, true)
}
