import { lstatSync } from 'node:fs'
import { TreeNotReadableError } from '@diskimage/fs'
import { TreeScanError } from '../errors/TreeScanError.js'
import { listDirectory } from './listDirectory.js'
import { assertUtf8Paths } from './utf8Paths.js'

/** What the auto size needs to know about a tree, counted as the reference's shell pipeline counts. */
export interface TreeScan {
  /** Every name in the tree, directories included, plus the top directory itself (`find . | wc -l`). */
  entries: number
  /** Sum over non-directories of ceil(apparent size / 4096), each hard link counted (`du --apparent-size --count-links --block-size 4096`). */
  blocks: number
  /** Sum of the apparent sizes of the non-directories, each hard link counted. */
  bytes: number
}

/** What one walk of a tree does besides listing every directory once. */
export interface WalkOptions {
  /**
   * Check every name: the first that is not valid UTF-8 throws FileNameNotUtf8Error
   * naming this (the option the tree came from, e.g. "root"), a directory that may
   * not be listed TreeNotReadableError — the build's refusals of such trees.
   */
  names?: string
  /** Count the tree for the auto size (one lstat per non-directory); without it only entries of unknown type are lstat'ed. */
  count?: boolean
}

const BLOCK = 4096

// Runs `step`, turning a file system failure into a TreeScanError naming `path`.
function scanning<T>(path: string | Buffer, step: () => T): T {
  try {
    return step()
  } catch (cause) {
    const error = cause as NodeJS.ErrnoException
    throw new TreeScanError(path.toString(), error.code === 'ENOENT' ? 'it does not exist' : error.message, { cause })
  }
}

/**
 * The one walk of a host tree: one readdir per directory, depth first, and as the
 * options ask, the name check the build needs before the WASM tools see the tree
 * and the counts of the auto size — so a build sizing itself reads each tree once.
 * Checking and counting report failures as they would alone: a listing the name
 * check cannot make is its TreeNotReadableError, a count that fails a TreeScanError.
 *
 * The walk is synchronous: one lstat per file through the thread pool costs about
 * three times as much on large trees, and the build waits for the result anyway.
 *
 * @returns the counts (all but `entries` zero unless `count`).
 */
export function walkTree(dir: string, { names, count = false }: WalkOptions): TreeScan {
  if (count && !scanning(dir, () => lstatSync(dir)).isDirectory()) throw new TreeScanError(dir, 'it is not a directory')
  const list = (path: string | Buffer) =>
    names === undefined ? scanning(path, () => listDirectory(path)) : TreeNotReadableError.whileReading(path.toString(), () => listDirectory(path))
  const lstat = (path: string | Buffer) => (count ? scanning(path, () => lstatSync(path)) : lstatSync(path))
  const scan: TreeScan = { entries: 1, blocks: 0, bytes: 0 }
  const pending: (string | Buffer)[] = [dir]
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    const children = list(current)
    // All names of a directory before any of its entries is looked at: the first bad name is the one a check alone finds.
    if (names !== undefined) assertUtf8Paths(children.map((child) => child.path), names)
    for (const child of children) {
      scan.entries++
      if (child.isDirectory) {
        pending.push(child.path)
        continue
      }
      if (!count && child.isDirectory === false) continue
      const stats = lstat(child.path)
      if (stats.isDirectory()) pending.push(child.path) // the file system did not report the type
      else if (count) {
        scan.bytes += stats.size
        scan.blocks += Math.ceil(stats.size / BLOCK)
      }
    }
  }
  return scan
}

/**
 * Walks `dir` with lstat, as the reference's
 * `find . ! -type d -print0 | du --files0-from=- --apparent-size --count-links --block-size 4096`
 * and `find . | wc -l` see it, but correct where they are not: names are handled
 * as raw bytes where needed (newlines and invalid UTF-8 included) and nothing is
 * parsed from text output. Symlinks are never followed (a symlink counts its
 * target's length, like du -P); sparse files count their apparent size; fifos,
 * sockets and devices count as entries of size 0.
 *
 * @throws TreeScanError when the tree is missing, not a directory, or unreadable.
 */
export async function scanTree(dir: string): Promise<TreeScan> {
  return walkTree(dir, { count: true })
}
