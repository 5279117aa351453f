import { FsError } from './FsError.js'

/** A `contents` entry names a source (or a glob) that matches nothing on disk. */
export class ContentsSourceNotFoundError extends FsError<'CONTENTS_SOURCE_NOT_FOUND', { source: string; target: string }> {
  constructor(source: string, target: string) {
    super(
      'CONTENTS_SOURCE_NOT_FOUND',
      `contents: source ${JSON.stringify(source)} (for target ${JSON.stringify(target)}) does not exist` +
        (/[*?[]/.test(source) ? ' or the glob matches nothing' : '') +
        '; fix the path or remove the entry.',
      { source, target },
    )
  }
}
