import { PartitionError } from './PartitionError.js'

/** A GUID in a table description is not of the form XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX. */
export class InvalidGuidError extends PartitionError<'E_INVALID_GUID', { field: string; value: string }> {
  constructor(field: string, value: string) {
    super(
      'E_INVALID_GUID',
      `${field} is "${value}", which is not a GUID: give 32 hex digits as XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX.`,
      { field, value },
    )
  }
}
