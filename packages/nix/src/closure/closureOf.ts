import { UnregisteredPathError } from '../errors/UnregisteredPathError.js'
import { assertStorePath } from '../store/storePath.js'
import type { PathInfo } from './PathInfo.js'
import type { Registration } from './readRegistration.js'

/** A path the image must hold with everything it refers to, and the option that asked for it. */
export interface ClosureRoot {
  path: string
  where: string
}

/**
 * The closure of `roots` under the references of the registration — what
 * nixos-install and `nix copy` put into the image's store: nothing registered but
 * unreachable from a root, nothing reachable left out. Ordered as Nix registers a
 * copied closure: every path after the paths it refers to, ties broken by path so
 * the database rows come out the same on every run.
 *
 * @throws InvalidStorePathError for a malformed root, UnregisteredPathError for a
 *   root or a reference the registration does not describe.
 */
export function closureOf(roots: readonly ClosureRoot[], registration: Registration): PathInfo[] {
  const { infos, file } = registration
  const lookup = (path: string, where: string): PathInfo => {
    const info = infos.get(path)
    if (!info) throw new UnregisteredPathError(where, path, file)
    return info
  }
  const reachable = new Map<string, PathInfo>()
  const pending = roots.map((root) => lookup(assertStorePath(root.path, root.where), root.where))
  while (pending.length > 0) {
    const info = pending.pop()!
    if (reachable.has(info.path)) continue
    reachable.set(info.path, info)
    for (const ref of info.references) if (!reachable.has(ref)) pending.push(lookup(ref, `a reference of ${info.path}`))
  }
  const ordered: PathInfo[] = []
  const done = new Set<string>()
  // Depth-first post-order over paths sorted by name; iterative so a deep closure cannot overflow the stack.
  for (const start of [...reachable.keys()].sort()) {
    const stack: { path: string; next: number }[] = [{ path: start, next: 0 }]
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!
      if (done.has(top.path) && top.next === 0) { stack.pop(); continue }
      const refs = reachable.get(top.path)!.references
      if (top.next < refs.length) {
        const ref = refs[top.next++]!
        if (!done.has(ref) && ref !== top.path && !stack.some((s) => s.path === ref)) stack.push({ path: ref, next: 0 })
        continue
      }
      stack.pop()
      if (!done.has(top.path)) { done.add(top.path); ordered.push(reachable.get(top.path)!) }
    }
  }
  return ordered
}
