import { checkPartitionRanges } from '../checkPartitionRanges.js'
import { GptBackupMismatchError } from '../errors/GptBackupMismatchError.js'
import type { ByteSource } from '../io/ByteSource.js'
import { readExactly } from '../io/readExactly.js'
import type { GptTable } from '../types.js'
import { SECTOR_SIZE } from '../types.js'
import { decodeGptEntries } from './decodeGptEntries.js'
import { decodeGptHeader, type GptHeader } from './decodeGptHeader.js'

async function readCopy(src: ByteSource, which: 'primary' | 'backup', lba: number, totalSectors: number) {
  const sector = await readExactly(src, `${which} GPT header`, lba * SECTOR_SIZE, SECTOR_SIZE)
  const header = decodeGptHeader(sector, which, lba, totalSectors)
  const arrayBytes = header.entryCount * header.entrySize
  const array = await readExactly(src, `${which} GPT entry array`, header.entriesLba * SECTOR_SIZE, arrayBytes)
  return { header, partitions: decodeGptEntries(array, header, which) }
}

/** The backup must describe the same table and point back at the primary. */
function compareCopies(primary: GptHeader, backup: GptHeader): void {
  const pairs: [string, unknown, unknown][] = [
    ['disk GUID', primary.diskGuid, backup.diskGuid],
    ['first usable LBA', primary.firstUsableLba, backup.firstUsableLba],
    ['last usable LBA', primary.lastUsableLba, backup.lastUsableLba],
    ['entry count', primary.entryCount, backup.entryCount],
    ['entry size', primary.entrySize, backup.entrySize],
    ['entry array CRC32', primary.entriesCrc, backup.entriesCrc],
    ['alternate LBA (backup points back to LBA 1)', 1, backup.alternateLba],
  ]
  for (const [field, a, b] of pairs) if (a !== b) throw new GptBackupMismatchError(field, String(a), String(b))
}

/**
 * Reads and fully checks a GPT: both headers (CRC, fields), both entry
 * arrays (CRC), backup against primary, and the partitions' ranges and
 * overlaps. Strict on purpose: it is a validator for images we build, not a
 * recovery tool, so a damaged primary is an error even if the backup is fine.
 */
export async function readGpt(src: ByteSource, totalSectors: number): Promise<GptTable> {
  const primary = await readCopy(src, 'primary', 1, totalSectors)
  const backup = await readCopy(src, 'backup', primary.header.alternateLba, totalSectors)
  compareCopies(primary.header, backup.header)
  const { header, partitions } = primary
  checkPartitionRanges(partitions, header.firstUsableLba, header.lastUsableLba)
  return {
    type: 'gpt',
    totalSectors,
    diskGuid: header.diskGuid,
    firstUsableLba: header.firstUsableLba,
    lastUsableLba: header.lastUsableLba,
    entryCount: header.entryCount,
    partitions,
  }
}
