import { crc32 } from 'node:zlib'

const SECTOR = 512

/**
 * Makes the CRC32s of a (mutated) GPT agree with its bytes again — entry array
 * first, then the header — for the primary header at LBA 1 and the backup at the
 * last sector. Without this nearly every mutation stops at the first CRC check and
 * the reader's deeper checks (ranges, overlaps, backup agreement) never run.
 */
export function fixGptCrcs(image: Buffer): void {
  const last = Math.floor(image.length / SECTOR) - 1
  for (const lba of [1, last]) {
    const at = lba * SECTOR
    if (lba < 1 || at + SECTOR > image.length || image.toString('latin1', at, at + 8) !== 'EFI PART') continue
    const entriesLba = Number(image.readBigUInt64LE(at + 72))
    const entryBytes = image.readUInt32LE(at + 80) * image.readUInt32LE(at + 84)
    const start = entriesLba * SECTOR
    if (Number.isSafeInteger(start) && entryBytes <= image.length && start + entryBytes <= image.length) {
      image.writeUInt32LE(crc32(image.subarray(start, start + entryBytes)), at + 88)
    }
    const headerSize = Math.min(Math.max(image.readUInt32LE(at + 12), 92), SECTOR)
    image.writeUInt32LE(0, at + 16)
    image.writeUInt32LE(crc32(image.subarray(at, at + headerSize)), at + 16)
  }
}
