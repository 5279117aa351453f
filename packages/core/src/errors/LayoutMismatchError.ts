import { DiskImageError } from './DiskImageError.js'
import { describeValue } from './describeValue.js'

/**
 * An option that only makes sense with some partition layouts is set with another
 * one: `touchEFIVars` (the reference's assert: EFI variables need a GPT layout) and
 * our `espContents` (needs a layout that has an ESP).
 */
export class LayoutMismatchError extends DiskImageError<
  'E_LAYOUT_MISMATCH',
  { option: string; value: unknown; partitionTableType: string; allowedLayouts: readonly string[] }
> {
  constructor(option: string, value: unknown, partitionTableType: string, allowedLayouts: readonly string[]) {
    const list = allowedLayouts.map((l) => JSON.stringify(l)).join(', ')
    super(
      'E_LAYOUT_MISMATCH',
      `${option}: ${describeValue(value)} is not allowed with partitionTableType ${JSON.stringify(partitionTableType)}; ` +
        `use partitionTableType ${list}, or unset ${option}`,
      { option, value, partitionTableType, allowedLayouts },
    )
  }
}
