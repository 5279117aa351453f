import { FsError } from './FsError.js'

/** A file or directory of a tree to copy into the image cannot be read by the user running the build. */
export class TreeNotReadableError extends FsError<'TREE_NOT_READABLE', { path: string; detail: string }> {
  constructor(path: string, detail: string, options?: { cause?: unknown }) {
    const uid = process.getuid?.()
    super(
      'TREE_NOT_READABLE',
      `cannot read ${JSON.stringify(path)} of the tree to copy into the image (${detail}); ` +
        `make it readable by the user running the build${uid === undefined ? '' : ` (uid ${uid})`}, or remove it from the tree.`,
      { path, detail },
      options,
    )
  }

  /** Runs `step`, which reads `path`; permission denied becomes this error (a source the building user cannot read is the user's to fix). */
  static whileReading<T>(path: string, step: () => T): T {
    try {
      return step()
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EACCES') throw error
      throw new TreeNotReadableError(path, (error as Error).message, { cause: error })
    }
  }
}
