import { lstatSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { WORK_PREFIX } from './workspace.js'

/**
 * Every path below `dir` (relative, directories included, symlinks not
 * followed), leaving out builds' scratch directories. Taken before postVM runs,
 * so that a failing script's files can be told from what was there before.
 */
export function snapshotOutput(dir: string): Set<string> {
  const paths = new Set<string>()
  const walk = (relative: string): void => {
    for (const name of readdirSync(join(dir, relative))) {
      if (relative === '' && name.startsWith(WORK_PREFIX)) continue
      const path = relative === '' ? name : join(relative, name)
      paths.add(path)
      if (lstatSync(join(dir, path)).isDirectory()) walk(path)
    }
  }
  walk('')
  return paths
}

/**
 * Removes what appeared below `dir` since `before` was taken, and the files
 * listed in `also` (this build's results, which may have replaced earlier files
 * of the same name). Returns the removed paths, relative to `dir`.
 */
export function removeAddedPaths(dir: string, before: Set<string>, also: string[]): string[] {
  const added = [...snapshotOutput(dir)].filter((p) => !before.has(p))
  const doomed = [...new Set([...added, ...also])].sort((a, b) => b.length - a.length) // children before parents
  for (const p of doomed) rmSync(join(dir, p), { recursive: true, force: true })
  return doomed
}

/** The files (not directories) below `dir` now that were not there at `before`, or are among `replaced`; relative, sorted. */
export function filesSince(dir: string, before: Set<string>, replaced: string[]): string[] {
  return [...snapshotOutput(dir)]
    .filter((p) => (!before.has(p) || replaced.includes(p)) && !lstatSync(join(dir, p)).isDirectory())
    .sort()
}
