import { PartitionError } from './PartitionError.js'

/** An msdos (MBR) table cannot address sectors beyond 2^32 - 1 (2 TiB with 512-byte sectors). */
export class MbrLimitExceededError extends PartitionError<'E_MBR_LIMIT_EXCEEDED', { field: string; value: number; max: number }> {
  constructor(field: string, value: number) {
    const max = 0xffffffff
    super(
      'E_MBR_LIMIT_EXCEEDED',
      `${field} is ${value}, but an msdos partition table stores a partition's start and length in 32 bits (max ${max} sectors, 2 TiB): ` +
        'use a GPT table for disks larger than 2 TiB, or make the disk smaller.',
      { field, value, max },
    )
  }
}
