import { chmodSync, copyFileSync, lstatSync, lutimesSync, mkdirSync, readdirSync, readlinkSync, symlinkSync, utimesSync } from 'node:fs'
import { join } from 'node:path'
import type { ChmodFn } from './chmodSpec.js'
import { FsError } from '../errors/FsError.js'
import { TreeNotReadableError } from '../errors/TreeNotReadableError.js'

/** Told of every file, directory and symlink copied: its source and the final permission bits of the copy. */
export type CopyListener = (from: string, to: string, mode: number) => void

/**
 * Copies `from` to `to` as `rsync -a --no-o --no-g [--chmod]` does: symlinks stay
 * symlinks (never followed, so a source tree cannot pull in files from outside
 * it), permissions and modification times are kept, owners are not (they come
 * from the ownership rules instead). Hard links inside the source become separate
 * files, as with rsync -a (no -H). When `to` is an existing directory and `from`
 * a directory, the contents merge into it. Extended attributes are not copied here (the
 * building user may not set security.* ones): `onCopy` tells the caller where each copy came
 * from, and the attributes are read from there (see xattrs/treeXattrs.ts).
 */
export function copyTree(from: string, to: string, chmod?: ChmodFn, onCopy: CopyListener = () => {}): void {
  const st = lstatSync(from)
  if (st.isSymbolicLink()) {
    symlinkSync(readlinkSync(from), to)
    lutimesSync(to, st.atime, st.mtime)
    onCopy(from, to, 0o777)
    return
  }
  if (st.isDirectory()) {
    mkdirSync(to, { recursive: true })
    for (const name of TreeNotReadableError.whileReading(from, () => readdirSync(from))) copyTree(join(from, name), join(to, name), chmod, onCopy)
    const mode = chmod ? chmod(true, st.mode) : st.mode & 0o7777
    chmodSync(to, mode)
    utimesSync(to, st.atime, st.mtime) // after the children, whose creation touched it
    onCopy(from, to, mode)
    return
  }
  if (st.isFile()) {
    TreeNotReadableError.whileReading(from, () => copyFileSync(from, to))
    const mode = chmod ? chmod(false, st.mode) : st.mode & 0o7777
    chmodSync(to, mode)
    utimesSync(to, st.atime, st.mtime)
    onCopy(from, to, mode)
    return
  }
  throw new FsError('UNSUPPORTED_SPECIAL_FILE', `contents: ${from} is a device, fifo or socket; contents may hold only files, directories and symlinks (put special files in the root tree instead).`, { path: from })
}

