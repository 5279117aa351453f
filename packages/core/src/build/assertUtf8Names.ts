import { lstatSync, readdirSync, type Dirent } from 'node:fs'
import { join } from 'node:path'
import { TreeNotReadableError } from '@diskimage/fs'
import { FileNameNotUtf8Error } from '../errors/FileNameNotUtf8Error.js'

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/** `bytes` as text, each byte that is not part of valid UTF-8 written \xNN. */
function printable(bytes: Buffer): string {
  let out = ''
  for (let i = 0; i < bytes.length; ) {
    let taken = 0
    for (let n = Math.min(4, bytes.length - i); n >= 1 && taken === 0; n--) {
      try {
        out += strictUtf8.decode(bytes.subarray(i, i + n))
        taken = n
      } catch {
        /* not one whole character of n bytes */
      }
    }
    if (taken === 0) out += `\\x${bytes[i]!.toString(16).padStart(2, '0')}`
    i += taken || 1
  }
  return out
}

// A file system without d_type reports every entry as "unknown": lstat decides then.
const isDirectory = (dir: string, entry: Dirent): boolean =>
  entry.isDirectory() ||
  (!entry.isFile() && !entry.isSymbolicLink() && !entry.isFIFO() && !entry.isSocket() && !entry.isBlockDevice() && !entry.isCharacterDevice() &&
    lstatSync(join(dir, entry.name)).isDirectory())

/**
 * Throws TreeNotReadableError for a directory it cannot list, and FileNameNotUtf8Error for the first name under `tree` that is not valid
 * UTF-8. Names are read as strings (the fast path); one decoded with U+FFFD may
 * hide invalid bytes, and only that directory is re-read as raw bytes to tell. A
 * clean tree costs one readdir per directory.
 */
export function assertUtf8Names(tree: string, what: string): void {
  const pending = [tree]
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    const entries = TreeNotReadableError.whileReading(dir, () => readdirSync(dir, { withFileTypes: true }))
    if (entries.some((e) => e.name.includes('\uFFFD'))) {
      for (const name of readdirSync(dir, { encoding: 'buffer' })) {
        try {
          strictUtf8.decode(name)
        } catch {
          throw new FileNameNotUtf8Error(what, printable(Buffer.concat([Buffer.from(`${dir}/`), name])))
        }
      }
    }
    for (const entry of entries) if (isDirectory(dir, entry)) pending.push(join(dir, entry.name))
  }
}
