import { walkTree, type TreeScan } from '../autosize/scanTree.js'

/**
 * Throws TreeNotReadableError for a directory it cannot list, and FileNameNotUtf8Error
 * for the first name under `tree` that is not valid UTF-8, naming `what` (the option
 * the tree came from). A clean tree costs one readdir per directory.
 *
 * With `scans` (a build whose diskSize is "auto"), the same walk also counts the tree
 * for the size and records the count under `tree`, for diskSizeFor to use instead of
 * walking the tree a second time.
 */
export function assertUtf8Names(tree: string, what: string, scans?: Map<string, TreeScan>): void {
  const scan = walkTree(tree, { names: what, count: scans !== undefined })
  scans?.set(tree, scan)
}
