import { PartitionError } from './PartitionError.js'

/** A table description asks for something the on-disk format cannot hold (too many partitions, a name too long, ...). */
export class InvalidTableSpecError extends PartitionError<'E_INVALID_TABLE_SPEC', { field: string; value: unknown; allowed: string }> {
  constructor(field: string, value: unknown, allowed: string) {
    super('E_INVALID_TABLE_SPEC', `${field} is ${JSON.stringify(value)}; allowed: ${allowed}.`, { field, value, allowed })
  }
}
