import { statSync } from 'node:fs'

/** What a path names, following symlinks (a root given as a symlink to a directory is fine); 'loop' when they never end. */
export type PathKind = 'missing' | 'file' | 'directory' | 'other' | 'loop'

/** Classifies `path` for validation messages; never throws for a missing path or a symlink loop. */
export function pathKind(path: string): PathKind {
  let stats
  try {
    stats = statSync(path, { throwIfNoEntry: false })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') return 'loop'
    throw error
  }
  if (stats === undefined) return 'missing'
  if (stats.isDirectory()) return 'directory'
  return stats.isFile() ? 'file' : 'other'
}
