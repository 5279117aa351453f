import { crc32 } from 'node:zlib'
import { GptCrcError } from '../errors/GptCrcError.js'
import { decodeGuid } from '../guid.js'
import type { GptPartition } from '../types.js'
import type { GptHeader } from './decodeGptHeader.js'

const EMPTY_TYPE = '00000000-0000-0000-0000-000000000000'

/** Checks the entry array against the header's CRC32 and returns the used entries (type GUID not zero). */
export function decodeGptEntries(array: Uint8Array, header: GptHeader, which: 'primary' | 'backup'): GptPartition[] {
  const computed = crc32(array)
  if (computed !== header.entriesCrc) throw new GptCrcError(`${which} GPT partition entry array`, header.entriesCrc, computed)
  const view = new DataView(array.buffer, array.byteOffset, array.byteLength)
  const partitions: GptPartition[] = []
  for (let i = 0; i < header.entryCount; i++) {
    const at = i * header.entrySize
    const typeGuid = decodeGuid(array.subarray(at, at + 16))
    if (typeGuid === EMPTY_TYPE) continue
    let name = ''
    for (let u = 0; u < 36; u++) {
      const unit = view.getUint16(at + 56 + 2 * u, true)
      if (unit === 0) break
      name += String.fromCharCode(unit)
    }
    partitions.push({
      number: i + 1,
      firstLba: Number(view.getBigUint64(at + 32, true)),
      lastLba: Number(view.getBigUint64(at + 40, true)),
      typeGuid,
      uniqueGuid: decodeGuid(array.subarray(at + 16, at + 32)),
      name,
      attributes: view.getBigUint64(at + 48, true),
    })
  }
  return partitions
}
