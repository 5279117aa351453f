import { crc32 } from 'node:zlib'
import { checkPartitionRanges } from '../checkPartitionRanges.js'
import { InvalidTableSpecError } from '../errors/InvalidTableSpecError.js'
import type { GptTableSpec } from '../types.js'
import { SECTOR_SIZE } from '../types.js'
import type { TablePiece } from '../TablePiece.js'
import { encodeGptEntries } from './encodeGptEntries.js'
import { encodeGptHeader } from './encodeGptHeader.js'
import { encodeProtectiveMbr } from './encodeProtectiveMbr.js'
import { GPT } from './gptLayout.js'

/**
 * Every byte of a GPT, as pieces to write at their offsets: protective MBR
 * (LBA 0), primary header (LBA 1), entries (LBA 2..33), backup entries
 * (T-33..T-2) and backup header (T-1) — the layout parted and sgdisk use.
 */
export function encodeGpt(spec: GptTableSpec): TablePiece[] {
  const t = spec.totalSectors
  // Smallest disk holding both copies of the table and one usable sector (last usable = T-34 >= 34).
  const minSectors = 2 * GPT.firstUsableLba
  if (!Number.isSafeInteger(t) || t < minSectors) {
    throw new InvalidTableSpecError('totalSectors', t, `an integer of at least ${minSectors} for a GPT`)
  }
  const lastUsableLba = t - GPT.firstUsableLba
  checkPartitionRanges(
    spec.partitions.map((p, i) => ({ ...p, number: i + 1 })),
    GPT.firstUsableLba,
    lastUsableLba,
  )
  const entries = encodeGptEntries(spec.partitions)
  const entriesCrc = crc32(entries)
  const backupEntriesLba = t - 1 - GPT.entrySectors
  const common = { lastUsableLba, diskGuid: spec.diskGuid, entriesCrc }
  const primary = encodeGptHeader({ ...common, myLba: 1, alternateLba: t - 1, entriesLba: 2 })
  const backup = encodeGptHeader({ ...common, myLba: t - 1, alternateLba: 1, entriesLba: backupEntriesLba })
  return [
    { offset: 0, bytes: encodeProtectiveMbr(t) },
    { offset: SECTOR_SIZE, bytes: primary },
    { offset: 2 * SECTOR_SIZE, bytes: entries },
    { offset: backupEntriesLba * SECTOR_SIZE, bytes: entries },
    { offset: (t - 1) * SECTOR_SIZE, bytes: backup },
  ]
}
