import type { FsError } from '../errors/FsError.js'
import { TreeNotReadableError } from '../errors/TreeNotReadableError.js'
import { XattrsUnreadableError } from '../errors/XattrsUnreadableError.js'

/**
 * The error for a getfattr run that failed (non-zero exit) or complained on stderr — it reports
 * some failures (a getxattr that fails) there and still exits 0 — or undefined when it did
 * neither. Its lines read "getfattr: PATH: REASON" (LC_ALL=C). A directory the building user
 * cannot read is the tree's problem, reported as every other step reports it; anything else
 * (e.g. "Operation not supported": a file system without xattrs) would lose attributes.
 */
export function getfattrFailure(stderr: string, code: number | null, where: string): FsError | undefined {
  const complaint = stderr.trim()
  if (code === 0 && complaint === '') return undefined
  const first = complaint.split('\n')[0] || `getfattr exited with ${code}`
  const path = /^getfattr: (.*): [^:]+$/.exec(first)?.[1] ?? where
  if (first.endsWith(': Permission denied')) return new TreeNotReadableError(path, first)
  return new XattrsUnreadableError(path, first)
}
