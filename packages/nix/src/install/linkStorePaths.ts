import { chmodSync, copyFileSync, constants, linkSync, lstatSync, lutimesSync, mkdirSync, readdirSync, readlinkSync, symlinkSync, utimesSync, type Stats } from 'node:fs'
import { join } from 'node:path'
import { StorePathMissingError } from '../errors/StorePathMissingError.js'
import { storeBaseName } from '../store/storePath.js'

/**
 * Makes `storeDir/<hash>-<name>` for each store path: a view of the host's copy under
 * `hostStore`, so the image's file system reads the closure IN PLACE, and only the
 * closure (the host store may hold much more). Files are hard links to the host's
 * inodes (no data is copied; same content, mode, owner and times); directories and
 * symlinks are recreated with the host's mode and times. Only when the host refuses a
 * hard link (another file system, or protected_hardlinks for a store we do not own)
 * is that one file copied, keeping its mode and times.
 *
 * Directories end read-only like the host's (0555 in a Nix store): remove the view
 * with `removeTree`, which makes them writable first.
 *
 * @throws StorePathMissingError when a store path is not under `hostStore`.
 */
export function linkStorePaths(paths: readonly string[], hostStore: string, storeDir: string): void {
  mkdirSync(storeDir, { recursive: true })
  const links = { usable: true }
  for (const path of paths) {
    const base = storeBaseName(path)
    const source = join(hostStore, base)
    let st: Stats
    try {
      st = lstatSync(source)
    } catch {
      throw new StorePathMissingError(path, source)
    }
    mirror(source, join(storeDir, base), st, links)
  }
}

// Paths are Buffers below the store path: a name need not be UTF-8 (Nix allows any bytes), and a
// decoded name would not find its file again. Whether the image can hold it is the caller's check.
type HostPath = string | Buffer
const child = (dir: HostPath, name: Buffer): Buffer => Buffer.concat([Buffer.from(dir), SLASH, name])
const SLASH = Buffer.from('/')

function mirror(source: HostPath, target: HostPath, st: Stats, links: { usable: boolean }): void {
  if (st.isDirectory()) {
    mkdirSync(target)
    for (const entry of readdirSync(source, { withFileTypes: true, encoding: 'buffer' })) {
      const from = child(source, entry.name)
      const to = child(target, entry.name)
      // A regular file needs no lstat when it can be linked: the link carries its metadata.
      if (entry.isFile() && links.usable && tryLink(from, to, links)) continue
      mirror(from, to, lstatSync(from), links)
    }
    chmodSync(target, st.mode & 0o7777)
    utimesSync(target, st.atime, st.mtime) // last: filling the directory changed its mtime
  } else if (st.isSymbolicLink()) {
    symlinkSync(readlinkSync(source, { encoding: 'buffer' }), target)
    lutimesSync(target, st.atime, st.mtime)
  } else if (!(links.usable && tryLink(source, target, links))) {
    copyFileSync(source, target, constants.COPYFILE_FICLONE)
    chmodSync(target, st.mode & 0o7777)
    utimesSync(target, st.atime, st.mtime)
  }
}

/** Hard-links `from` at `to`; false when refused. Another file system refuses every link, so stop trying after EXDEV. */
function tryLink(from: HostPath, to: HostPath, links: { usable: boolean }): boolean {
  try {
    linkSync(from, to)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EXDEV') links.usable = false
    return false
  }
}
