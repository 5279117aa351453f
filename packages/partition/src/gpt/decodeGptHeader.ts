import { crc32 } from 'node:zlib'
import { GptCrcError } from '../errors/GptCrcError.js'
import { GptEntryArrayTooLargeError } from '../errors/GptEntryArrayTooLargeError.js'
import { GptHeaderInvalidError } from '../errors/GptHeaderInvalidError.js'
import { decodeGuid } from '../guid.js'
import { SECTOR_SIZE } from '../types.js'
import { GPT } from './gptLayout.js'

/** The fields of a GPT header a reader needs, already checked. */
export interface GptHeader {
  myLba: number
  alternateLba: number
  firstUsableLba: number
  lastUsableLba: number
  diskGuid: string
  entriesLba: number
  entryCount: number
  entrySize: number
  entriesCrc: number
}

/**
 * Parses and checks one header sector: signature, size, CRC32, its own
 * location, usable range and entry array bounds (so a corrupted header can
 * never make the reader allocate or read without limit).
 */
export function decodeGptHeader(sector: Uint8Array, which: 'primary' | 'backup', expectedLba: number, totalSectors: number): GptHeader {
  const view = new DataView(sector.buffer, sector.byteOffset, sector.byteLength)
  const invalid = (field: string, value: unknown, expected: string) => new GptHeaderInvalidError(which, field, String(value), expected)
  const signature = view.getBigUint64(0, true)
  if (signature !== GPT.signature) throw invalid('signature', `0x${signature.toString(16)}`, '"EFI PART" (0x5452415020494645)')
  const headerSize = view.getUint32(12, true)
  if (headerSize < GPT.headerSize || headerSize > SECTOR_SIZE) throw invalid('header size', headerSize, `${GPT.headerSize}..${SECTOR_SIZE}`)
  const stored = view.getUint32(16, true)
  const copy = Uint8Array.from(sector.subarray(0, headerSize))
  copy.fill(0, 16, 20)
  const computed = crc32(copy)
  if (computed !== stored) throw new GptCrcError(`${which} GPT header`, stored, computed)

  const lba = (offset: number, field: string): number => {
    const value = view.getBigUint64(offset, true)
    if (value >= BigInt(totalSectors)) throw invalid(field, value, `a sector below the disk size ${totalSectors}`)
    return Number(value)
  }
  const header: GptHeader = {
    myLba: lba(24, 'my LBA'),
    alternateLba: lba(32, 'alternate LBA'),
    firstUsableLba: lba(40, 'first usable LBA'),
    lastUsableLba: lba(48, 'last usable LBA'),
    diskGuid: decodeGuid(sector.subarray(56, 72)),
    entriesLba: lba(72, 'partition entries LBA'),
    entryCount: view.getUint32(80, true),
    entrySize: view.getUint32(84, true),
    entriesCrc: view.getUint32(88, true),
  }
  if (header.myLba !== expectedLba) throw invalid('my LBA', header.myLba, String(expectedLba))
  if (header.firstUsableLba > header.lastUsableLba) throw invalid('first usable LBA', header.firstUsableLba, `at most the last usable LBA ${header.lastUsableLba}`)
  if (header.entrySize < GPT.entrySize || header.entrySize % GPT.entrySize !== 0) {
    throw invalid('entry size', header.entrySize, 'a multiple of 128, at least 128')
  }
  if (header.entryCount * header.entrySize > GPT.maxEntryArrayBytes) {
    throw new GptEntryArrayTooLargeError(header.entryCount, header.entrySize, GPT.maxEntryArrayBytes)
  }
  return header
}
