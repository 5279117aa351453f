import { PartitionError } from './PartitionError.js'

/** Two partitions share at least one sector. */
export class PartitionOverlapError extends PartitionError<
  'E_PARTITION_OVERLAP',
  { first: number; second: number; firstRange: [number, number]; secondRange: [number, number] }
> {
  constructor(first: number, firstRange: [number, number], second: number, secondRange: [number, number]) {
    super(
      'E_PARTITION_OVERLAP',
      `Partition ${first} (sectors ${firstRange[0]}..${firstRange[1]}) overlaps partition ${second} ` +
        `(sectors ${secondRange[0]}..${secondRange[1]}): move one of them so that no sector is shared.`,
      { first, second, firstRange, secondRange },
    )
  }
}
