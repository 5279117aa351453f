import { PartitionError } from './PartitionError.js'

/** Sector 0 has no 0x55AA boot signature, so there is neither an MBR nor a protective MBR. */
export class NoPartitionTableError extends PartitionError<'E_NO_PARTITION_TABLE', { path: string; signature: number }> {
  constructor(path: string, signature: number) {
    super(
      'E_NO_PARTITION_TABLE',
      `${path} has no partition table: sector 0 ends in 0x${signature.toString(16).padStart(4, '0')} instead of the 0x55AA signature. ` +
        'Write a table first (make-disk-image table), or inspect a partitioned image.',
      { path, signature },
    )
  }
}
