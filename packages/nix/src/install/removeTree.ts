import { chmodSync, lstatSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Removes a scratch tree that holds read-only directories (a store view made by
 * linkStorePaths): without root, entries of a 0555 directory cannot be unlinked, so
 * every directory is made writable first. Hard links in it go; the host's files stay.
 */
export function removeTree(dir: string): void {
  let st
  try {
    st = lstatSync(dir)
  } catch {
    return
  }
  if (st.isDirectory()) {
    chmodSync(dir, 0o700)
    for (const name of readdirSync(dir)) removeTree(join(dir, name))
  }
  rmSync(dir, { recursive: true, force: true })
}
