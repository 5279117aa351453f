import { PartitionError } from './PartitionError.js'

/** The backup GPT (end of disk) does not describe the same table as the primary one. */
export class GptBackupMismatchError extends PartitionError<'E_GPT_BACKUP_MISMATCH', { field: string; primary: string; backup: string }> {
  constructor(field: string, primary: string, backup: string) {
    super(
      'E_GPT_BACKUP_MISMATCH',
      `The backup GPT disagrees with the primary one on ${field} (primary ${primary}, backup ${backup}): ` +
        'the image was resized or half-written; repair it (sgdisk -e / -b) or rewrite the table.',
      { field, primary, backup },
    )
  }
}
