import { FsError } from './FsError.js'

/**
 * An extended attribute of the tree does not fit the ext4 file system: with 4096-byte blocks a
 * file's attributes share the inode's spare bytes and one 4 KiB block, while XFS, btrfs or tmpfs
 * hold values up to 64 KiB. Native `mke2fs -d` refuses the same tree.
 */
export class XattrTooLargeError extends FsError<'XATTR_TOO_LARGE', { file: string; name: string; detail: string }> {
  constructor(file: string, name: string, detail: string, options?: { cause?: unknown }) {
    super(
      'XATTR_TOO_LARGE',
      `the extended attribute ${JSON.stringify(name)} of ${JSON.stringify(file)} does not fit an ext4 file system ` +
        `(a file's attributes must fit in about 4 KiB) (${detail}); ` +
        'remove or shorten it in the tree, or set xattrs: false (--no-xattrs) to build the image without extended attributes.',
      { file, name, detail },
      options,
    )
  }
}
