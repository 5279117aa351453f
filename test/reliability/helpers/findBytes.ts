import { closeSync, openSync, readSync } from 'node:fs'

/** Whether `needle` occurs anywhere in the file, read in 4 MiB pieces that overlap by the needle's length. */
export function fileContains(path: string, needle: Buffer): boolean {
  const chunk = Buffer.alloc(4 << 20)
  const fd = openSync(path, 'r')
  try {
    for (let pos = 0; ; ) {
      const n = readSync(fd, chunk, 0, chunk.length, pos)
      if (n === 0) return false
      if (chunk.subarray(0, n).includes(needle)) return true
      if (n < needle.length) return false
      pos += n - needle.length + 1
    }
  } finally {
    closeSync(fd)
  }
}
