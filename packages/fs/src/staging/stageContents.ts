import { chmodSync, existsSync, lstatSync, mkdirSync, statSync, utimesSync } from 'node:fs'
import { basename, join, relative, sep } from 'node:path'
import type { ContentsEntry } from './contentsEntry.js'
import { expandGlob } from './expandGlob.js'
import { assertNoSymlinkedParent, targetSegments } from './targetPath.js'
import { parseChmodSpec } from './chmodSpec.js'
import { copyTree } from './copyTree.js'
import { ContentsSourceNotFoundError } from '../errors/ContentsSourceNotFoundError.js'
import { DuplicateContentsTargetError } from '../errors/DuplicateContentsTargetError.js'

/** A recursive `chown user:group target` the reference runs in its VM; we apply it while writing the file system. */
export interface OwnershipRequest {
  /** Absolute path inside the image, e.g. "/etc/motd". */
  path: string
  user: string
  group: string
}

export interface StagedContents {
  /** Directory holding only the contents entries, laid out as in the image; it overlays the root tree. */
  overlayDir: string
  ownership: OwnershipRequest[]
  /**
   * Directories the overlay created only as parents of a target, with the owner of
   * the root tree's directory of the same name: the overlay's copy belongs to the
   * building user, so the file system writer must take the owner from here.
   */
  passThroughOwners: Array<{ path: string; uid: number; gid: number }>
  /**
   * Every path the overlay holds a copy at (absolute in the image) → the host file it was
   * copied from and the copy's permission bits; the last copy to a path wins, as on disk.
   * The extended attributes of a copy are read from its source (treeXattrs).
   */
  copiedFrom: Map<string, { source: string; mode: number }>
}

/**
 * Stages the `contents` option into `overlayDir` exactly as the reference's
 * prepareImage does with rsync — globs copy each match INTO the target directory,
 * a directory source is copied TO the target, a second non-glob entry for the same
 * target is a "duplicate entry" — but without bash word splitting, so names with
 * spaces, quotes or newlines work, and without ever writing outside the overlay.
 *
 * The user's root tree is not copied: the overlay is laid over it when the file
 * system is written, and an entry may replace a file of the root tree. Parent
 * directories the overlay has to create take the mode and times of the root
 * tree's directory of the same name (or 0755 when the root tree lacks it), so the
 * overlay never changes a directory it only passes through. A parent the root tree lacks is
 * new, as `mkdir -p` makes it in the reference: its mtime is `options.time` (seconds, the
 * build's fixed "now" in a deterministic build) or the real clock when that is not given.
 */
export function stageContents(entries: readonly ContentsEntry[], rootDir: string, overlayDir: string, options: { time?: number } = {}): StagedContents {
  mkdirSync(overlayDir, { recursive: true })
  const ownership: OwnershipRequest[] = []
  const created: PassThroughDir[] = []
  const copiedFrom = new Map<string, { source: string; mode: number }>()
  const onCopy = (source: string, to: string, mode: number): void => {
    copiedFrom.set('/' + relative(overlayDir, to).split(sep).join('/'), { source, mode })
  }
  for (const entry of entries) {
    const segments = targetSegments(entry.target)
    const target = '/' + segments.join('/')
    assertNoSymlinkedParent(entry.target, [...segments, ''], [rootDir, overlayDir])
    const chmod = entry.mode ? parseChmodSpec(entry.mode) : undefined
    const dest = join(overlayDir, ...segments)

    // As the reference: only a '*' makes a glob (`[[ "$source" =~ '*' ]]`); then ?, [..] expand too.
    if (entry.source.includes('*')) {
      const matches = expandGlob(entry.source)
      if (matches.length === 0) throw new ContentsSourceNotFoundError(entry.source, entry.target)
      makeParents(rootDir, overlayDir, segments.length, segments, created, options.time)
      for (const match of matches) copyTree(match, join(dest, basename(match)), chmod, onCopy)
    } else {
      if (!existsOrLink(entry.source)) throw new ContentsSourceNotFoundError(entry.source, entry.target)
      if (existsOrLink(dest)) throw new DuplicateContentsTargetError(target, entry.source)
      makeParents(rootDir, overlayDir, segments.length - 1, segments, created, options.time)
      copyTree(entry.source, dest, chmod, onCopy)
    }
    if (entry.user !== undefined && entry.group !== undefined) ownership.push({ path: target, user: entry.user, group: entry.group })
  }
  finishPassThroughDirs(created)
  const passThroughOwners = created.flatMap(({ path, owner }) => (owner ? [{ path, ...owner }] : []))
  return { overlayDir, ownership, passThroughOwners, copiedFrom }
}

const existsOrLink = (p: string): boolean => {
  try {
    lstatSync(p)
    return true
  } catch {
    return false
  }
}

/** A directory the overlay created only to reach a target; it must look like the root tree's directory of the same name. */
interface PassThroughDir {
  dir: string
  path: string
  mode: number
  times?: [Date, Date]
  owner?: { uid: number; gid: number }
}

/** `mkdir -p` of the first `depth` segments in the overlay, noting the root tree's mode, times and owner for each (new ones: 0755 and `time`). */
function makeParents(rootDir: string, overlayDir: string, depth: number, segments: string[], created: PassThroughDir[], time?: number): void {
  for (let i = 1; i <= depth; i++) {
    const rel = segments.slice(0, i)
    const dir = join(overlayDir, ...rel)
    if (existsSync(dir)) continue
    mkdirSync(dir)
    const made: PassThroughDir = { dir, path: '/' + rel.join('/'), mode: 0o755, ...(time !== undefined ? { times: [new Date(time * 1000), new Date(time * 1000)] as [Date, Date] } : {}) }
    try {
      const st = statSync(join(rootDir, ...rel))
      if (st.isDirectory()) Object.assign(made, { mode: st.mode & 0o7777, times: [st.atime, st.mtime], owner: { uid: st.uid, gid: st.gid } })
    } catch {
      /* not in the root tree: a new directory, 0755 as mkdir -p under umask 022 */
    }
    created.push(made)
  }
}

/** Gives pass-through directories their final mode and times, once nothing more is created in them. */
function finishPassThroughDirs(created: PassThroughDir[]): void {
  for (const { dir, mode, times } of [...created].reverse()) {
    chmodSync(dir, mode)
    if (times) utimesSync(dir, times[0], times[1])
  }
}
