import { FsError } from './FsError.js'

/** A `contents` target would land outside the image root (`..`, or a symlinked parent directory in the root tree). */
export class ContentsTargetEscapesError extends FsError<'CONTENTS_TARGET_ESCAPES', { target: string; reason: string }> {
  constructor(target: string, reason: string) {
    super(
      'CONTENTS_TARGET_ESCAPES',
      `contents: target ${JSON.stringify(target)} escapes the image root (${reason}); ` +
        'use an absolute path inside the image whose parent directories are real directories.',
      { target, reason },
    )
  }
}
