import { PartitionError } from './PartitionError.js'

/** A partition starts before the first usable sector, ends past the last one, or ends before it starts. */
export class PartitionOutOfRangeError extends PartitionError<
  'E_PARTITION_OUT_OF_RANGE',
  { number: number; firstLba: number; lastLba: number; minLba: number; maxLba: number }
> {
  constructor(number: number, firstLba: number, lastLba: number, minLba: number, maxLba: number) {
    super(
      'E_PARTITION_OUT_OF_RANGE',
      `Partition ${number} spans sectors ${firstLba}..${lastLba}, but partitions must lie within ${minLba}..${maxLba} ` +
        `and end at or after their start: move or shrink partition ${number}, or make the disk larger.`,
      { number, firstLba, lastLba, minLba, maxLba },
    )
  }
}
