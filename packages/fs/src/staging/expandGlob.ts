import { readdirSync, lstatSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** True when `s` contains a character bash treats as a glob (`*`, `?`, `[`). */
export const hasGlob = (s: string): boolean => /[*?[]/.test(s)

/**
 * Turns one path segment of a bash glob into a RegExp. Supports `*`, `?` and
 * bracket expressions (`[abc]`, `[a-z]`, `[!x]`, `[^x]`), the subset bash
 * expands without extglob. A leading dot must be matched literally, as bash does
 * without dotglob.
 */
export function segmentToRegExp(segment: string): RegExp {
  let re = ''
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!
    if (c === '*') re += '[^/]*'
    else if (c === '?') re += '[^/]'
    else if (c === '[') {
      const close = segment.indexOf(']', i + 2)
      if (close === -1) re += '\\['
      else {
        let body = segment.slice(i + 1, close)
        if (body.startsWith('!') || body.startsWith('^')) body = '^' + body.slice(1)
        re += '[' + body.replace(/[\\\]]/g, '\\$&') + ']'
        i = close
      }
    } else if (c === '\\' && i + 1 < segment.length) re += '\\' + segment[++i]
    else re += c.replace(/[.+^${}()|\\]/g, '\\$&')
  }
  return new RegExp(`^${re}$`, 's')
}

const isDir = (p: string): boolean => {
  try {
    return statSync(p).isDirectory()
  } catch {
    return false
  }
}

/**
 * Expands a bash-style glob against the host file system, like `for fn in $source`
 * in the reference — but names with spaces, quotes or newlines stay whole (no word
 * splitting). Matches are sorted by byte order (bash in the C locale), so the
 * result does not depend on the host's locale. Returns [] when nothing matches.
 */
export function expandGlob(pattern: string): string[] {
  const absolute = pattern.startsWith('/')
  const segments = pattern.split('/').filter((s, i) => s !== '' || i === 0)
  let paths = [absolute ? '/' : '.']
  for (const segment of segments.slice(absolute ? 1 : 0)) {
    if (segment === '') continue
    const next: string[] = []
    for (const base of paths) {
      if (!hasGlob(segment)) {
        const p = join(base, segment)
        try {
          lstatSync(p)
          next.push(p)
        } catch {
          /* no such entry: this branch matches nothing */
        }
        continue
      }
      if (!isDir(base)) continue
      const re = segmentToRegExp(segment)
      const dotOk = segment.startsWith('.')
      for (const name of readdirSync(base).sort(byteOrder)) {
        if (name.startsWith('.') && !dotOk) continue
        if (re.test(name)) next.push(join(base, name))
      }
    }
    paths = next
  }
  return absolute ? paths : paths.map((p) => (pattern.startsWith('./') ? `./${p}` : p))
}

export const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b))
