import { encodeGpt } from './gpt/encodeGpt.js'
import { encodeMbr } from './mbr/encodeMbr.js'
import type { TablePiece } from './TablePiece.js'
import type { TableSpec } from './types.js'
import { SECTOR_SIZE } from './types.js'

/**
 * All bytes of a table, as (offset, bytes) pieces — computed before anything
 * touches the disk, so an invalid description never leaves a half-written
 * table behind.
 *
 * For msdos, the sectors where GPT headers live (LBA 1 and T-1) are written
 * as zeros too, like parted's `mklabel msdos` does: a stale GPT left there
 * would otherwise take precedence in most tools.
 */
export function encodeTable(spec: TableSpec): TablePiece[] {
  if (spec.type === 'gpt') return encodeGpt(spec)
  const zeros = new Uint8Array(SECTOR_SIZE)
  const pieces: TablePiece[] = [
    { offset: 0, bytes: encodeMbr(spec) },
    { offset: SECTOR_SIZE, bytes: zeros },
  ]
  if (spec.totalSectors > 2) pieces.push({ offset: (spec.totalSectors - 1) * SECTOR_SIZE, bytes: zeros })
  return pieces
}
