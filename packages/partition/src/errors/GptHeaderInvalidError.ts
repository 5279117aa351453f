import { PartitionError } from './PartitionError.js'

/** A GPT header field is not what the UEFI specification allows (signature, size, entry size, location). */
export class GptHeaderInvalidError extends PartitionError<'E_GPT_HEADER_INVALID', { which: 'primary' | 'backup'; field: string; value: string; expected: string }> {
  constructor(which: 'primary' | 'backup', field: string, value: string, expected: string) {
    super(
      'E_GPT_HEADER_INVALID',
      `The ${which} GPT header has ${field} = ${value}, expected ${expected}: the table is damaged; rewrite it.`,
      { which, field, value, expected },
    )
  }
}
