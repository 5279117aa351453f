import { lstatSync, type Stats } from 'node:fs'
import { isAbsolute, posix } from 'node:path'
import { VfsManifestError } from './errors/vfs-manifest-error.js'

/**
 * Ownership and mode for one path of the virtual tree (and, with `recursive`, everything
 * below it). Rules apply in order; a later rule overrides an earlier one field by field.
 */
export interface VfsRule {
  /** Path inside the virtual tree, absolute from its root: "/etc/shadow", "/" for the root. */
  path: string
  recursive?: boolean
  uid?: number
  gid?: number
  /** Permission bits only (0o7777 mask, setuid/setgid/sticky included); the file type is kept. */
  mode?: number
  /**
   * Extended attributes, name → base64 value, e.g. `{ 'security.capability': '…' }` for a
   * file capability; `mke2fs -d` stores them (the host's own xattrs are not visible to Node).
   */
  xattrs?: Record<string, string>
}

/** A host tree mounted at a virtual path (see VfsManifest.binds). */
export interface VfsBind {
  /** Path inside the virtual tree, absolute from its root and normalized: "/nix/store/…-glibc-2.39". */
  path: string
  /** Absolute host path of the directory or file shown there. */
  host: string
}

/**
 * A read-only virtual file tree seen by the tool under `mountPoint` (child/vfs-overlay.cjs).
 * Directory listings are returned in byte order of the names.
 */
export interface VfsManifest {
  /** Absolute virtual path the tool is given, e.g. "/__diskimage__/root" for `mke2fs -d`. */
  mountPoint: string
  /** Absolute host directories, merged: the first layer that has a path wins; directories merge. */
  layers: string[]
  /**
   * Host trees (a directory or a single file) that appear at a virtual path as they are on the host,
   * read in place: e.g. each store path of a NixOS closure at "/nix/store/<name>", so nothing is
   * copied or linked into a scratch layer. A bind wins over any layer entry at its path; its parent
   * directory must be in the union of the layers, whose listing then includes the bound name. Rules,
   * `xattrsByPath`, `owner` and the time settings apply by virtual path as for layers. Inode numbers
   * are the host's, so hard links within the host trees stay hard links.
   */
  binds?: VfsBind[]
  /** Owner of every entry unless a rule says otherwise (default: the host's owner). */
  owner?: { uid: number; gid: number }
  rules?: VfsRule[]
  /**
   * Extended attributes by exact virtual path ("/usr/bin/ping" → name → base64 value): the host
   * tree's own attributes, read by the caller (Node cannot). A map, not one rule per file: a
   * SELinux-labelled tree has attributes on every file, and rules are scanned for each lookup.
   * A path's attributes are these, then the matching rules' `xattrs` over them.
   */
  xattrsByPath?: Record<string, Record<string, string>>
  /** Seconds since the epoch: every atime/mtime/ctime later than this is reported as this. */
  mtimeClamp?: number
  /** Report atime = ctime = mtime, so copies of a tree (`cp -a` changes ctime) look the same. */
  uniformTimes?: boolean
}

/**
 * The last second ext4 can store (2446-05-10): 32 signed bits plus two epoch bits in the inode's
 * extra field. The WASM tools have 64-bit time_t (emscripten/time64), so this, not 2038, is the limit.
 */
const EXT4_LAST_SECOND = 0x7fffffff + 3 * 2 ** 32

const isId = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0xffffffff

function requireId(field: string, value: unknown): void {
  if (value !== undefined && !isId(value)) {
    throw new VfsManifestError(field, value, 'use an integer id from 0 to 4294967295')
  }
}

function requireTreePath(field: string, path: unknown): void {
  if (typeof path !== 'string' || !path.startsWith('/') ||
    (path !== '/' && (path.endsWith('/') || posix.normalize(path) !== path))) {
    throw new VfsManifestError(field, path, 'use a normalized path starting with "/" (relative to mountPoint)')
  }
}

function requireXattrs(field: string, xattrs: Record<string, unknown>): void {
  if (typeof xattrs !== 'object' || xattrs === null) throw new VfsManifestError(field, xattrs, 'give an object of name → base64 value')
  for (const [name, value] of Object.entries(xattrs)) {
    if (!/^(security|system|trusted|user)\.[^\0]+$/.test(name)) {
      throw new VfsManifestError(field, name, 'use a name in the security., system., trusted. or user. namespace')
    }
    if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
      throw new VfsManifestError(`${field}["${name}"]`, value, 'give the value as a base64 string')
    }
  }
}

/**
 * Checks a manifest before any tool runs, so a mistake is reported with the field to fix
 * instead of surfacing as a strange errno inside the tool.
 */
export function validateVfsManifest(manifest: VfsManifest): void {
  const { mountPoint, layers } = manifest
  if (typeof mountPoint !== 'string' || !isAbsolute(mountPoint) || posix.normalize(mountPoint) !== mountPoint ||
    mountPoint === '/' || mountPoint.endsWith('/')) {
    throw new VfsManifestError('mountPoint', mountPoint, 'use a normalized absolute path other than "/", without a trailing slash')
  }
  if (!Array.isArray(layers) || layers.length === 0) {
    throw new VfsManifestError('layers', layers, 'give at least one host directory')
  }
  layers.forEach((layer, i) => {
    if (typeof layer !== 'string' || !isAbsolute(layer)) {
      throw new VfsManifestError(`layers[${i}]`, layer, 'use an absolute host directory path')
    }
  })
  if (manifest.owner !== undefined) {
    if (!isId(manifest.owner.uid) || !isId(manifest.owner.gid)) {
      throw new VfsManifestError('owner', manifest.owner, 'use { uid, gid } with integer ids from 0 to 4294967295')
    }
  }
  ;(manifest.rules ?? []).forEach((rule, i) => {
    requireTreePath(`rules[${i}].path`, rule.path)
    requireId(`rules[${i}].uid`, rule.uid)
    requireId(`rules[${i}].gid`, rule.gid)
    if (rule.mode !== undefined && (!Number.isInteger(rule.mode) || rule.mode < 0 || rule.mode > 0o7777)) {
      throw new VfsManifestError(`rules[${i}].mode`, rule.mode, 'use permission bits from 0 to 0o7777')
    }
    requireXattrs(`rules[${i}].xattrs`, rule.xattrs ?? {})
  })
  for (const [path, xattrs] of Object.entries(manifest.xattrsByPath ?? {})) {
    requireTreePath('xattrsByPath', path)
    requireXattrs(`xattrsByPath["${path}"]`, xattrs)
  }
  validateBinds(manifest.binds, layers)
  const clamp = manifest.mtimeClamp
  if (clamp !== undefined && (!Number.isInteger(clamp) || clamp < 0 || clamp > EXT4_LAST_SECOND)) {
    throw new VfsManifestError('mtimeClamp', clamp, `use whole seconds since 1970 from 0 to ${EXT4_LAST_SECOND}`)
  }
}

/** Binds: normalized virtual paths other than "/", none inside another, an existing host path, a parent directory in the layers. */
function validateBinds(binds: VfsBind[] | undefined, layers: readonly string[]): void {
  if (binds === undefined) return
  if (!Array.isArray(binds)) throw new VfsManifestError('binds', binds, 'give an array of { path, host }')
  const paths = new Set<string>()
  binds.forEach((bind, i) => {
    requireTreePath(`binds[${i}].path`, bind.path)
    if (bind.path === '/') throw new VfsManifestError(`binds[${i}].path`, bind.path, 'bind below the root: the root is the union of the layers')
    if (paths.has(bind.path)) throw new VfsManifestError(`binds[${i}].path`, bind.path, 'bind each path once')
    paths.add(bind.path)
    if (typeof bind.host !== 'string' || !isAbsolute(bind.host) || lstatOrNull(bind.host) === null) {
      throw new VfsManifestError(`binds[${i}].host`, bind.host, 'use the absolute path of an existing host directory or file')
    }
  })
  const parentInLayers = new Map<string, boolean>()
  binds.forEach((bind, i) => {
    for (let parent = posix.dirname(bind.path); parent !== '/'; parent = posix.dirname(parent)) {
      if (paths.has(parent)) throw new VfsManifestError(`binds[${i}].path`, bind.path, `do not bind inside another bind (${parent})`)
    }
    const parent = posix.dirname(bind.path)
    if (!parentInLayers.has(parent)) parentInLayers.set(parent, layers.some((layer) => lstatOrNull(posix.join(layer, parent))?.isDirectory() === true))
    if (!parentInLayers.get(parent)) {
      throw new VfsManifestError(`binds[${i}].path`, bind.path, `give a layer that holds its parent directory ${parent}`)
    }
  })
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path)
  } catch {
    return null
  }
}
