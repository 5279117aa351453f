import { FsError } from './FsError.js'

/**
 * The extended attributes (ACLs, file capabilities, SELinux labels, user.*) of a tree to copy
 * into the image could not be read: getfattr is missing, the host file system refused, or a
 * path could not be walked. Building on would drop them without a word, so the user chooses:
 * fix the cause, or build without attributes (`xattrs: false`).
 */
export class XattrsUnreadableError extends FsError<'XATTRS_UNREADABLE', { path: string; detail: string }> {
  constructor(path: string, detail: string, options?: { cause?: unknown }) {
    super(
      'XATTRS_UNREADABLE',
      `cannot read the extended attributes (ACLs, file capabilities, SELinux labels) of ${JSON.stringify(path)}: ${detail}; ` +
        'install getfattr (Debian/Ubuntu package "attr") and make the tree readable, ' +
        'or set xattrs: false (--no-xattrs) to build the image without extended attributes.',
      { path, detail },
      options,
    )
  }
}
