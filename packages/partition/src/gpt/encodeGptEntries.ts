import { InvalidTableSpecError } from '../errors/InvalidTableSpecError.js'
import { encodeGuid } from '../guid.js'
import type { GptPartitionSpec } from '../types.js'
import { GPT } from './gptLayout.js'

/** Builds the 16 KiB partition entry array (128 slots; unused slots stay zero). */
export function encodeGptEntries(partitions: readonly GptPartitionSpec[]): Uint8Array {
  if (partitions.length > GPT.entryCount) {
    throw new InvalidTableSpecError('partitions.length', partitions.length, `at most ${GPT.entryCount} GPT partitions`)
  }
  const array = new Uint8Array(GPT.entryCount * GPT.entrySize)
  const view = new DataView(array.buffer)
  partitions.forEach((p, i) => {
    const at = i * GPT.entrySize
    if (p.name.length > GPT.nameUnits) {
      throw new InvalidTableSpecError(`partitions[${i}].name`, p.name, `at most ${GPT.nameUnits} UTF-16 code units`)
    }
    if (p.attributes < 0n || p.attributes > 0xffffffffffffffffn) {
      throw new InvalidTableSpecError(`partitions[${i}].attributes`, p.attributes.toString(), 'a 64-bit unsigned integer')
    }
    array.set(encodeGuid(p.typeGuid, `partitions[${i}].typeGuid`), at)
    array.set(encodeGuid(p.uniqueGuid, `partitions[${i}].uniqueGuid`), at + 16)
    view.setBigUint64(at + 32, BigInt(p.firstLba), true)
    view.setBigUint64(at + 40, BigInt(p.lastLba), true)
    view.setBigUint64(at + 48, p.attributes, true)
    for (let u = 0; u < p.name.length; u++) view.setUint16(at + 56 + 2 * u, p.name.charCodeAt(u), true)
  })
  return array
}
