import { lstatSync } from 'node:fs'
import { join } from 'node:path'
import { StorePathMissingError } from '../errors/StorePathMissingError.js'
import { storeBaseName } from '../store/storePath.js'

/** A host store path shown at a path of the image's file system (a bind of the virtual tree). */
export interface StoreBind {
  /** Path in the image: "/nix/store/<hash>-<name>", or "/<hash>-<name>" for a store-only image. */
  path: string
  /** The store path on the host: `<hostStore>/<hash>-<name>`. */
  host: string
}

/**
 * One bind per store path: the image's file system reads each one IN PLACE from the
 * host store, as the host has it (modes, times, symlinks, hard links), and only the
 * closure (the host store may hold much more). Nothing is copied or linked, so it
 * works the same for an unprivileged user and a root-owned store (protected_hardlinks
 * refuses his links to files he does not own) and across file systems.
 *
 * @param imageStoreDir where the store paths go in the image: "/nix/store", or "/" (onlyNixStore).
 * @throws StorePathMissingError when a store path is not under `hostStore`.
 */
export function storeBinds(paths: readonly string[], hostStore: string, imageStoreDir: string): StoreBind[] {
  return paths.map((path) => {
    const base = storeBaseName(path)
    const host = join(hostStore, base)
    try {
      lstatSync(host)
    } catch {
      throw new StorePathMissingError(path, host)
    }
    return { path: imageStoreDir === '/' ? `/${base}` : `${imageStoreDir}/${base}`, host }
  })
}
