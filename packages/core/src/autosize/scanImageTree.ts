import { join } from 'node:path'
import { scanTree, type TreeScan } from './scanTree.js'

/**
 * Scans what will be copied into the root filesystem: the root tree, or for a
 * Nix-store-only image root/nix/store (the reference copies `$root/nix/store/*`
 * to /). Run it on the STAGED tree, after contents are grafted in, as the
 * reference sizes after copying them. (The reference's `find` runs in its build
 * directory rather than the root tree; we measure the tree itself.)
 */
export function scanImageTree(options: { root: string; onlyNixStore: boolean }): Promise<TreeScan> {
  return scanTree(options.onlyNixStore ? join(options.root, 'nix', 'store') : options.root)
}
