import { crc32 } from 'node:zlib'
import { encodeGuid } from '../guid.js'
import { SECTOR_SIZE } from '../types.js'
import { GPT } from './gptLayout.js'

/** Where a header sits and what it points to. */
export interface GptHeaderFields {
  myLba: number
  alternateLba: number
  entriesLba: number
  lastUsableLba: number
  diskGuid: string
  entriesCrc: number
}

/** Builds one 512-byte header sector (92 meaningful bytes, zero padding) with its CRC32 filled in. */
export function encodeGptHeader(fields: GptHeaderFields): Uint8Array {
  const sector = new Uint8Array(SECTOR_SIZE)
  const view = new DataView(sector.buffer)
  view.setBigUint64(0, GPT.signature, true)
  view.setUint32(8, GPT.revision, true)
  view.setUint32(12, GPT.headerSize, true)
  view.setBigUint64(24, BigInt(fields.myLba), true)
  view.setBigUint64(32, BigInt(fields.alternateLba), true)
  view.setBigUint64(40, BigInt(GPT.firstUsableLba), true)
  view.setBigUint64(48, BigInt(fields.lastUsableLba), true)
  sector.set(encodeGuid(fields.diskGuid, 'diskGuid'), 56)
  view.setBigUint64(72, BigInt(fields.entriesLba), true)
  view.setUint32(80, GPT.entryCount, true)
  view.setUint32(84, GPT.entrySize, true)
  view.setUint32(88, fields.entriesCrc, true)
  // The header CRC covers the 92 header bytes with the CRC field itself zero.
  view.setUint32(16, crc32(sector.subarray(0, GPT.headerSize)), true)
  return sector
}
