import { DiskImageError } from './DiskImageError.js'

/**
 * The file system holding `out` filled up while the image was written there (the
 * host's ENOSPC, not the image's own file system). Nothing under a final name was
 * touched: the scratch files are gone by the time this is thrown.
 */
export class OutputOutOfSpaceError extends DiskImageError<'E_OUT_OF_SPACE', { out: string; availableBytes: number | null; detail: string }> {
  constructor(out: string, availableBytes: number | null, detail: string, options?: { cause?: unknown }) {
    const free = availableBytes === null ? '' : ` (${(availableBytes / 1048576).toFixed(1)} MiB free after cleaning up)`
    super(
      'E_OUT_OF_SPACE',
      `out: the file system holding ${JSON.stringify(out)} ran out of space while the image was written (${detail})${free}; ` +
        'free space there or point out at a larger file system (the image needs about its data size, twice that when converting).',
      { out, availableBytes, detail },
      options,
    )
  }
}
