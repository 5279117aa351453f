import { PartitionError } from './PartitionError.js'

/** The operating system wrote fewer bytes than asked (disk full, quota, ...). */
export class ShortWriteError extends PartitionError<'E_SHORT_WRITE', { path: string; offset: number; expected: number; written: number }> {
  constructor(path: string, offset: number, expected: number, written: number) {
    super(
      'E_SHORT_WRITE',
      `Writing ${expected} bytes at offset ${offset} of ${path} stopped after ${written} bytes: free disk space or check the target.`,
      { path, offset, expected, written },
    )
  }
}
