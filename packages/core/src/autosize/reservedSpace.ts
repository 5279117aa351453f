import type { PartitionTableType } from '../options/choices.js'
import { MEBIBYTE } from '../sizes/units.js'

/** The space the reference reserves for the backup GPT at the end of the disk: 34 sectors. */
export const GPT_SPACE = 512n * 34n

/**
 * The reference's `reservedSpace` for the auto size: what lies outside the root
 * filesystem. bootSize is the rounded one (where the boot partition ends, hence
 * "the reserved space in front of" the root partition).
 * legacy 1MiB; legacy+boot bootSize; legacy+gpt gptSpace + 2MiB;
 * efi/efixbootldr/hybrid gptSpace + bootSize; none 0.
 */
export function reservedSpace(layout: PartitionTableType, roundedBootSize: bigint): bigint {
  switch (layout) {
    case 'legacy':
      return MEBIBYTE
    case 'legacy+boot':
      return roundedBootSize
    case 'legacy+gpt':
      return GPT_SPACE + 2n * MEBIBYTE
    case 'efi':
    case 'efixbootldr':
    case 'hybrid':
      return GPT_SPACE + roundedBootSize
    case 'none':
      return 0n
  }
}
