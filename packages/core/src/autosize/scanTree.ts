import { lstat, readdir } from 'node:fs/promises'
import { TreeScanError } from '../errors/TreeScanError.js'

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
const SLASH = Buffer.from('/')

/**
 * Walks `dir` with lstat, as the reference's
 * `find . ! -type d -print0 | du --files0-from=- --apparent-size --count-links --block-size 4096`
 * and `find . | wc -l` see it, but correct where they are not: names are handled
 * as raw bytes (newlines and invalid UTF-8 included) and nothing is parsed from
 * text output. Symlinks are never followed (a symlink counts its target's length,
 * like du -P); sparse files count their apparent size; fifos, sockets and devices
 * count as entries of size 0.
 *
 * @throws TreeScanError when the tree is missing, not a directory, or unreadable.
 */
export async function scanTree(dir: string): Promise<TreeScan> {
  const scan: TreeScan = { entries: 1, blocks: 0, bytes: 0 }
  const top = await lstat(dir).catch((cause: NodeJS.ErrnoException) => {
    throw new TreeScanError(dir, cause.code === 'ENOENT' ? 'it does not exist' : cause.message, { cause })
  })
  if (!top.isDirectory()) throw new TreeScanError(dir, 'it is not a directory')
  const pending: Buffer[] = [Buffer.from(dir)]
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    const base = current
    const names = await readdir(base, { encoding: 'buffer' }).catch((cause: Error) => {
      throw new TreeScanError(base.toString(), cause.message, { cause })
    })
    const paths = names.map((name) => Buffer.concat([base, SLASH, name]))
    const stats = await Promise.all(
      paths.map((path) =>
        lstat(path).catch((cause: Error) => {
          throw new TreeScanError(path.toString(), cause.message, { cause })
        }),
      ),
    )
    scan.entries += paths.length
    stats.forEach((entry, index) => {
      if (entry.isDirectory()) pending.push(paths[index]!)
      else {
        scan.bytes += entry.size
        scan.blocks += Math.ceil(entry.size / BLOCK)
      }
    })
  }
  return scan
}
