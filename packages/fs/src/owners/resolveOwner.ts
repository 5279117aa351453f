import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { UnknownOwnerError } from '../errors/UnknownOwnerError.js'

/**
 * Reads name → id from an /etc/passwd or /etc/group style file (name:x:id:…).
 * Lines that are empty, comments, or NIS `+`/`-` entries are skipped.
 */
export function parseIdFile(text: string): Map<string, number> {
  const ids = new Map<string, number>()
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#') || line.startsWith('+') || line.startsWith('-')) continue
    const [name, , id] = line.split(':')
    if (name === undefined || id === undefined || !/^\d+$/.test(id)) continue
    if (!ids.has(name)) ids.set(name, Number(id)) // the first entry wins, as getpwnam does
  }
  return ids
}

/**
 * Resolves user and group NAMES against the image's own /etc/passwd and /etc/group
 * — what `nixos-enter -- chown -R user:group` does in the reference's VM — without
 * a VM. `trees` are searched in order (the contents overlay first, then the root
 * tree), so a passwd shipped through `contents` counts. Numeric ids pass through.
 */
export function resolveOwner(trees: readonly string[], user: string, group: string, target: string): { uid: number; gid: number } {
  return {
    uid: lookup(trees, 'etc/passwd', user, 'user', target),
    gid: lookup(trees, 'etc/group', group, 'group', target),
  }
}

function lookup(trees: readonly string[], file: string, name: string, kind: 'user' | 'group', target: string): number {
  if (/^\d+$/.test(name)) return Number(name)
  for (const tree of trees) {
    let text: string
    try {
      text = readFileSync(join(tree, file), 'utf8')
    } catch {
      continue
    }
    const id = parseIdFile(text).get(name)
    if (id !== undefined) return id
    return fail()
  }
  return fail()
  function fail(): never {
    throw new UnknownOwnerError(kind, name, '/' + file, target)
  }
}
