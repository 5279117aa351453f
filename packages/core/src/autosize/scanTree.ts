import { lstatSync } from 'node:fs'
import { TreeScanError } from '../errors/TreeScanError.js'
import { listDirectory } from './listDirectory.js'

/** What the auto size needs to know about a tree, counted as the reference's shell pipeline counts. */
export interface TreeScan {
  /** Every name in the tree, directories included, plus the top directory itself (`find . | wc -l`). */
  entries: number
  /** Sum over non-directories of ceil(apparent size / 4096), each hard link counted (`du --apparent-size --count-links --block-size 4096`). */
  blocks: number
  /** Sum of the apparent sizes of the non-directories, each hard link counted. */
  bytes: number
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
 * Walks `dir` with lstat, as the reference's
 * `find . ! -type d -print0 | du --files0-from=- --apparent-size --count-links --block-size 4096`
 * and `find . | wc -l` see it, but correct where they are not: names are handled
 * as raw bytes where needed (newlines and invalid UTF-8 included) and nothing is
 * parsed from text output. Symlinks are never followed (a symlink counts its
 * target's length, like du -P); sparse files count their apparent size; fifos,
 * sockets and devices count as entries of size 0.
 *
 * The walk itself is synchronous: one lstat per file through the thread pool
 * costs about three times as much on large trees, and the build waits for the
 * result anyway.
 *
 * @throws TreeScanError when the tree is missing, not a directory, or unreadable.
 */
export async function scanTree(dir: string): Promise<TreeScan> {
  if (!scanning(dir, () => lstatSync(dir)).isDirectory()) throw new TreeScanError(dir, 'it is not a directory')
  const scan: TreeScan = { entries: 1, blocks: 0, bytes: 0 }
  const pending: (string | Buffer)[] = [dir]
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    const parent = current
    for (const child of scanning(parent, () => listDirectory(parent))) {
      scan.entries++
      if (child.isDirectory) {
        pending.push(child.path)
        continue
      }
      const stats = scanning(child.path, () => lstatSync(child.path))
      if (stats.isDirectory()) pending.push(child.path) // the file system did not report the type
      else {
        scan.bytes += stats.size
        scan.blocks += Math.ceil(stats.size / BLOCK)
      }
    }
  }
  return scan
}
