import { DiskImageError } from './DiskImageError.js'

/**
 * `out` lies inside a tree the build copies into the image (root, espContents, a contents source).
 * The build's scratch directory and the image itself live in `out`, so the image would hold them.
 */
export class OutputInsideTreeError extends DiskImageError<
  'E_OUTPUT_INSIDE_TREE',
  { out: string; option: string; tree: string }
> {
  constructor(out: string, option: string, tree: string) {
    super(
      'E_OUTPUT_INSIDE_TREE',
      `out: ${JSON.stringify(out)} is inside ${option} ${JSON.stringify(tree)}, which is copied into the image (with out's scratch files ` +
        `and the image itself); point out at a directory outside ${option}`,
      { out, option, tree },
    )
  }
}
