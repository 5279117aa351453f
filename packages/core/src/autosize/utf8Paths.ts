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

/**
 * Throws FileNameNotUtf8Error (naming `what`, the option the tree came from) for
 * the first path that is not valid UTF-8. Only raw-byte paths need a look: a
 * string path is valid by construction (listDirectory hands out Buffers for a
 * whole directory as soon as one name decodes with U+FFFD). Checking the whole
 * path is checking the name when its directory's path was checked before: '/' is
 * ASCII, so it can neither complete nor break a multi-byte character.
 */
export function assertUtf8Paths(paths: Iterable<string | Buffer>, what: string): void {
  for (const path of paths) {
    if (typeof path === 'string') continue
    try {
      strictUtf8.decode(path)
    } catch {
      throw new FileNameNotUtf8Error(what, printable(path))
    }
  }
}
