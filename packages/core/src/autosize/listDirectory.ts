import { readdirSync, type Dirent } from 'node:fs'

/** A child of a directory: its full path and whether readdir already knows it is a directory. */
export interface Child {
  /** A string while names are valid UTF-8; a Buffer (raw bytes) below any name that is not. */
  path: string | Buffer
  /** Undefined when the file system does not report types (DT_UNKNOWN): lstat decides then. */
  isDirectory: boolean | undefined
}

const SLASH = Buffer.from('/')

// DT_UNKNOWN is a Dirent that is none of the types.
const typeKnown = (e: Dirent | Dirent<Buffer>): boolean =>
  e.isFile() || e.isDirectory() || e.isSymbolicLink() || e.isFIFO() || e.isSocket() || e.isBlockDevice() || e.isCharacterDevice()
const isDirectory = (e: Dirent | Dirent<Buffer>): boolean | undefined => (typeKnown(e) ? e.isDirectory() : undefined)

/**
 * The children of `dir`. String paths are the fast path (half the cost of Buffer
 * paths on large trees); a name that is not valid UTF-8 decodes with U+FFFD and
 * would not round-trip, so such a directory is re-read as raw bytes and its
 * children get Buffer paths.
 */
export function listDirectory(dir: string | Buffer): Child[] {
  if (typeof dir === 'string') {
    const entries = readdirSync(dir, { withFileTypes: true })
    if (!entries.some((entry) => entry.name.includes('\uFFFD'))) {
      return entries.map((entry) => ({ path: `${dir}/${entry.name}`, isDirectory: isDirectory(entry) }))
    }
  }
  const base = typeof dir === 'string' ? Buffer.from(dir) : dir
  return readdirSync(base, { withFileTypes: true, encoding: 'buffer' }).map((entry) => ({
    path: Buffer.concat([base, SLASH, entry.name]),
    isDirectory: isDirectory(entry),
  }))
}
