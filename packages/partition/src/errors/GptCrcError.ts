import { PartitionError } from './PartitionError.js'

/** A GPT header or entry array does not match the CRC32 stored for it. */
export class GptCrcError extends PartitionError<'E_GPT_CRC', { structure: string; stored: number; computed: number }> {
  constructor(structure: string, stored: number, computed: number) {
    const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`
    super(
      'E_GPT_CRC',
      `The CRC32 of the ${structure} is ${hex(computed)} but ${hex(stored)} is stored: the table is corrupted; rewrite it.`,
      { structure, stored, computed },
    )
  }
}
