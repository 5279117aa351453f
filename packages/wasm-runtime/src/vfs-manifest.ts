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

/**
 * A read-only virtual file tree seen by the tool under `mountPoint` (child/vfs-overlay.cjs).
 * Directory listings are returned in byte order of the names.
 */
export interface VfsManifest {
  /** Absolute virtual path the tool is given, e.g. "/__diskimage__/root" for `mke2fs -d`. */
  mountPoint: string
  /** Absolute host directories, merged: the first layer that has a path wins; directories merge. */
  layers: string[]
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
  const clamp = manifest.mtimeClamp
  if (clamp !== undefined && (!Number.isInteger(clamp) || clamp < 0 || clamp > 0x7fffffff)) {
    // 0x7fffffff: emscripten 3.1.6 passes times to the tool as 32-bit seconds.
    throw new VfsManifestError('mtimeClamp', clamp, 'use whole seconds since 1970 from 0 to 2147483647')
  }
}
