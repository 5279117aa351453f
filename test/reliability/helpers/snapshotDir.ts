import { createHash } from 'node:crypto'
import { closeSync, lstatSync, openSync, readdirSync, readlinkSync, readSync } from 'node:fs'
import { join } from 'node:path'

/** sha256 of a file read in 1 MiB pieces (images can be large; never one big buffer). */
export function hashFile(path: string): string {
  const hash = createHash('sha256')
  const buf = Buffer.alloc(1 << 20)
  const fd = openSync(path, 'r')
  try {
    for (let pos = 0; ; ) {
      const n = readSync(fd, buf, 0, buf.length, pos)
      if (n === 0) break
      hash.update(buf.subarray(0, n))
      pos += n
    }
  } finally {
    closeSync(fd)
  }
  return hash.digest('hex')
}

/**
 * Everything under `dir` as sorted lines "path type mode size sha256|link-target",
 * or ["<absent>"] when `dir` does not exist: two snapshots are equal exactly when
 * nothing was added, removed, renamed or changed (mtimes aside).
 */
export function snapshotDir(dir: string): string[] {
  if (lstatSync(dir, { throwIfNoEntry: false }) === undefined) return ['<absent>']
  const lines: string[] = []
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const p = join(rel, name)
      const st = lstatSync(join(dir, p))
      const mode = (st.mode & 0o7777).toString(8)
      if (st.isDirectory()) {
        lines.push(`${p} dir ${mode}`)
        walk(p)
      } else if (st.isSymbolicLink()) lines.push(`${p} link -> ${readlinkSync(join(dir, p))}`)
      else if (st.isFile()) lines.push(`${p} file ${mode} ${st.size} ${hashFile(join(dir, p))}`)
      else lines.push(`${p} special ${mode}`)
    }
  }
  walk('')
  return lines
}
