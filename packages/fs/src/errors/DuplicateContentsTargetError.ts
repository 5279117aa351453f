import { FsError } from './FsError.js'

/** Two `contents` entries (or an entry and the root tree) claim the same target: the reference's "duplicate entry". */
export class DuplicateContentsTargetError extends FsError<'DUPLICATE_CONTENTS_TARGET', { target: string; source: string }> {
  constructor(target: string, source: string) {
    super(
      'DUPLICATE_CONTENTS_TARGET',
      `contents: duplicate entry ${target} -> ${source}: the target is already given by another contents entry; ` +
        'give each non-glob entry its own target.',
      { target, source },
    )
  }
}
