import { PartitionError } from './PartitionError.js'

/** A GPT header claims an entry array larger than any real table uses; reading it could exhaust memory. */
export class GptEntryArrayTooLargeError extends PartitionError<'E_GPT_ENTRY_ARRAY_TOO_LARGE', { entryCount: number; entrySize: number; maxBytes: number }> {
  constructor(entryCount: number, entrySize: number, maxBytes: number) {
    super(
      'E_GPT_ENTRY_ARRAY_TOO_LARGE',
      `The GPT header declares ${entryCount} entries of ${entrySize} bytes; at most ${maxBytes} bytes of entries are accepted: the header is corrupted.`,
      { entryCount, entrySize, maxBytes },
    )
  }
}
