import { existsSync, realpathSync } from 'node:fs'
import { basename, dirname, join, resolve, sep } from 'node:path'
import type { DiskImageError } from '../errors/DiskImageError.js'
import { OutputInsideTreeError } from '../errors/OutputInsideTreeError.js'
import type { ResolvedOptions } from '../options/ImageOptions.js'

/**
 * `out` must not lie inside (or be) a directory the build copies into the image: the root
 * tree, espContents or a contents source directory. Compared by real path, so a symlink or
 * `..` does not hide it; `out` need not exist yet (its nearest existing parent decides).
 */
export function checkOutputOutsideTrees(options: ResolvedOptions): DiskImageError[] {
  if (typeof options.out !== 'string' || options.out === '') return []
  const out = realPathOf(options.out)
  const trees: [string, unknown][] = [
    ['root', options.root],
    ['espContents', options.espContents],
    ...(Array.isArray(options.contents) ? options.contents : []).map((entry, i): [string, unknown] => [`contents[${i}].source`, entry?.source]),
  ]
  const problems: DiskImageError[] = []
  for (const [option, tree] of trees) {
    if (typeof tree !== 'string' || tree === '' || tree.includes('*') || !existsSync(tree)) continue
    const real = realpathSync(tree)
    if (out === real || out.startsWith(real.endsWith(sep) ? real : real + sep)) problems.push(new OutputInsideTreeError(options.out, option, tree))
  }
  return problems
}

/** The real path of `path`, or of its nearest existing parent joined with the rest when it does not exist yet. */
function realPathOf(path: string): string {
  const absolute = resolve(path)
  if (existsSync(absolute)) return realpathSync(absolute)
  const parent = dirname(absolute)
  return parent === absolute ? absolute : join(realPathOf(parent), basename(absolute))
}
