import { lstatSync } from 'node:fs'
import { join } from 'node:path'
import { ContentsTargetEscapesError } from '../errors/ContentsTargetEscapesError.js'

/**
 * Normalises a `contents` target to the segments of a path inside the image.
 * The reference pastes `$root/$target`, so "etc/motd" and "/etc/motd" mean the
 * same; `.` and empty segments drop out. `..` is refused outright: a target may
 * never reach outside the image root, even if it would come back in.
 */
export function targetSegments(target: string): string[] {
  const segments = target.split('/').filter((s) => s !== '' && s !== '.')
  if (segments.includes('..')) throw new ContentsTargetEscapesError(target, 'it contains a ".." component')
  if (segments.length === 0) throw new ContentsTargetEscapesError(target, 'it names the image root itself')
  return segments
}

/**
 * Refuses a target whose parent directories, in any of the given trees, are
 * symlinks: writing through `/etc -> /host/etc` would put files outside the image
 * (or, in the image, somewhere else than the user asked).
 */
export function assertNoSymlinkedParent(target: string, segments: string[], trees: string[]): void {
  for (const tree of trees) {
    let p = tree
    for (const segment of segments.slice(0, -1)) {
      p = join(p, segment)
      let isLink = false
      try {
        isLink = lstatSync(p).isSymbolicLink()
      } catch {
        break // the rest of the path does not exist in this tree
      }
      if (isLink) throw new ContentsTargetEscapesError(target, `its parent ${p.slice(tree.length) || '/'} is a symlink in ${tree}`)
    }
  }
}
