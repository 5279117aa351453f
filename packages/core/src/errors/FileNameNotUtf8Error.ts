import { DiskImageError } from './DiskImageError.js'

/**
 * A name in a tree that goes into the image is not valid UTF-8. The WASM tools see
 * names as UTF-8 strings, so such a name cannot be copied faithfully (mke2fs
 * silently copied NOTHING of a tree holding one); the build refuses it instead.
 */
export class FileNameNotUtf8Error extends DiskImageError<'E_FILE_NAME_NOT_UTF8', { tree: string; path: string }> {
  constructor(tree: string, path: string) {
    super(
      'E_FILE_NAME_NOT_UTF8',
      `${tree}: the file name ${path} is not valid UTF-8 (invalid bytes shown as \\xNN); ` +
        'rename it to UTF-8 (e.g. `convmv -f latin1 -t utf8 --notest`) or remove it from the tree.',
      { tree, path },
    )
  }
}
