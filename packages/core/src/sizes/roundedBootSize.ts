import { roundToNearest } from './roundToNearest.js'
import { sizeOptionBytes } from './sizeOptionBytes.js'
import { MEBIBYTE } from './units.js'

/**
 * The reference's `bootSize=$(round_to_nearest $(numfmt --from=iec bootSize) $mebibyte)`:
 * the byte offset where the boot partition ENDS and the root partition starts.
 * Always one MiB past the aligned value ("256M" → 257 MiB).
 */
export function roundedBootSize(bootSize: string | number): bigint {
  return roundToNearest(sizeOptionBytes(bootSize), MEBIBYTE)
}
