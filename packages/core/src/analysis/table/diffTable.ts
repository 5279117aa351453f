import type { ByteRange } from '../byteRanges.js'
import type { Difference } from '../difference.js'
import { fieldsIn } from '../fields.js'
import type { DiskRegion } from './diskRegions.js'
import { GPT_ENTRY_FIELDS, GPT_HEADER_FIELDS } from './gptFields.js'
import { MBR_FIELDS } from './mbrFields.js'

const GPT_ENTRY_SIZE = 128

/**
 * Names the changed fields of a partition-table structure: the MBR's, a GPT
 * header's, or, in an entry array, each entry's (numbered from 1 as sgdisk and
 * the partition numbers do). `ranges` are relative to the region's start.
 */
export function diffTable(region: DiskRegion, ranges: readonly ByteRange[]): Difference[] {
  const out: Difference[] = []
  for (const r of ranges) {
    const end = r.offset + r.length
    if (region.kind === 'mbr') out.push({ region: region.name, where: '', fields: fieldsIn(MBR_FIELDS, r.offset, end) })
    else if (region.kind === 'gpt-header' || region.kind === 'gpt-backup-header') {
      out.push({ region: region.name, where: '', fields: fieldsIn(GPT_HEADER_FIELDS, r.offset, end) })
    } else {
      for (let e = Math.floor(r.offset / GPT_ENTRY_SIZE); e * GPT_ENTRY_SIZE < end; e++) {
        const from = Math.max(r.offset, e * GPT_ENTRY_SIZE) - e * GPT_ENTRY_SIZE
        const to = Math.min(end, (e + 1) * GPT_ENTRY_SIZE) - e * GPT_ENTRY_SIZE
        out.push({ region: region.name, where: `entry ${e + 1}`, fields: fieldsIn(GPT_ENTRY_FIELDS, from, to) })
      }
    }
  }
  return out
}
