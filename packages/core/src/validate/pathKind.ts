import { statSync } from 'node:fs'

/** What a path names, following symlinks (a root given as a symlink to a directory is fine). */
export type PathKind = 'missing' | 'file' | 'directory' | 'other'

/** Classifies `path` for validation messages; never throws for a missing path. */
export function pathKind(path: string): PathKind {
  const stats = statSync(path, { throwIfNoEntry: false })
  if (stats === undefined) return 'missing'
  if (stats.isDirectory()) return 'directory'
  return stats.isFile() ? 'file' : 'other'
}
