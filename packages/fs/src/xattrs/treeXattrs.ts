import { dirname, resolve } from 'node:path'
import type { StagedContents } from '../staging/stageContents.js'
import { aclWithMode } from './aclWithMode.js'
import { ext4CanStore } from './ext4CanStore.js'
import type { XattrMap } from './parseGetfattrDump.js'
import { readHostXattrs } from './readHostXattrs.js'

/** Extended attributes by path inside the image ("/usr/bin/ping" → name → base64): an Ext4Tree's `xattrs`. */
export type TreeXattrs = Record<string, XattrMap>

/**
 * The host's extended attributes of what the image will hold: the root tree's files at their
 * place, and each `contents` copy with the attributes of the file it was copied FROM (the
 * overlay's copies have none of their own: the building user may not be allowed to set
 * security.capability, and a copy would pick up the scratch directory's default ACL or SELinux
 * label instead). One getfattr process reads the root tree and every copied source. Attributes
 * ext4 cannot hold (another file system's own, see ext4CanStore) are left out.
 * Directories the overlay only passes through keep the root tree's attributes, as they keep
 * its mode and owner. Without `rootDir` (an image made of contents or NixOS layers only) only
 * the copies are read.
 *
 * @throws XattrsUnreadableError (see readHostXattrs)
 */
export async function treeXattrs(rootDir: string | undefined, staged?: Pick<StagedContents, 'copiedFrom'>): Promise<TreeXattrs> {
  const root = rootDir === undefined ? undefined : resolve(rootDir)
  const copies = [...(staged?.copiedFrom ?? new Map<string, { source: string; mode: number }>())]
    .map(([path, { source, mode }]) => ({ path, source: resolve(source), mode }))
  const host = new Map<string, XattrMap>()
  const roots = [...(root === undefined ? [] : [root]), ...copyRoots(copies.map((c) => c.source))]
  for (const [path, attrs] of await readHostXattrs(roots)) {
    const storable = Object.entries(attrs).filter(([name]) => ext4CanStore(name))
    if (storable.length > 0) host.set(resolve(path), Object.fromEntries(storable))
  }

  const byPath = new Map<string, XattrMap>()
  const prefix = root === '/' ? '/' : `${root}/`
  for (const [path, attrs] of root === undefined ? [] : host) {
    if (path === root) byPath.set('/', attrs)
    else if (path.startsWith(prefix)) byPath.set('/' + path.slice(prefix.length), attrs)
  }
  for (const { path, source, mode } of copies) {
    const attrs = host.get(source)
    if (!attrs) {
      byPath.delete(path) // a copy without attributes replaces a root tree file that had some
      continue
    }
    const acl = attrs['system.posix_acl_access']
    byPath.set(path, acl === undefined ? attrs : { ...attrs, 'system.posix_acl_access': aclWithMode(acl, mode) })
  }
  // Sorted so the manifest does not depend on the host's directory order (the image would not either: lookups are by path).
  return Object.fromEntries([...byPath].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/** The copied sources whose host parent was not copied too: walking these recursively reaches every copied file. */
function copyRoots(sources: string[]): string[] {
  const all = new Set(sources)
  return [...all].filter((source) => !all.has(dirname(source)))
}
