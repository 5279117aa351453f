import { DiskImageError } from './DiskImageError.js'

/** Two contents entries write the same target (the reference stops with "duplicate entry"). */
export class DuplicateContentsTargetError extends DiskImageError<
  'E_DUPLICATE_CONTENTS_TARGET',
  { target: string; first: number; second: number }
> {
  constructor(target: string, first: number, second: number) {
    super(
      'E_DUPLICATE_CONTENTS_TARGET',
      `contents[${second}].target: ${JSON.stringify(target)} is already the target of contents[${first}]; give each entry its own target`,
      { target, first, second },
    )
  }
}
