'use strict'
// A read-only virtual file tree for emscripten NODERAWFS programs, installed in the child
// process BEFORE the emscripten glue loads. NODERAWFS forwards every file system call to
// Node's synchronous `fs` functions (and process.cwd/chdir), looking them up on the `fs`
// module object at call time, so replacing those properties here is enough to make the C
// program see:
//   - a union of host directories ("layers") mounted at a virtual absolute path, read in
//     place (no copy of the user's root tree),
//   - host trees bound at chosen virtual paths ("binds", e.g. each store path of a NixOS
//     closure at /nix/store/<name>), read in place too and winning over the layers there,
//   - chosen owners, modes and clamped/uniform times (fakeroot without root),
//   - directory listings in byte order, whatever order the host file system returns, so
//     that `mke2fs -d` allocates inodes the same way on every machine.
// Paths outside the mount point go to the real functions unchanged. The manifest format is
// documented in ../README.md and validated by the parent (src/vfs-manifest.ts).
//
// The tree is read-only and must not change while the tool runs: each virtual path is
// looked up on the host once, and its Stats (host and virtual) are kept. `mke2fs -d` stats
// every path several times over (lstat, open, fstat, the directory walk, symlink checks), so
// answering those from memory instead of the host halves the time of a populate run.

const fs = require('fs')
const nodePath = require('path')

const WRITE_FLAGS = fs.constants.O_WRONLY | fs.constants.O_RDWR | fs.constants.O_CREAT |
  fs.constants.O_TRUNC | fs.constants.O_APPEND
const MAX_SYMLINK_HOPS = 40
/** True for an absolute path that path.resolve leaves as it is (no "//", "/./", "/../", trailing "/", "/." or "/.."). */
function isNormalAbsolute(s) {
  return !(s.includes('//') || s.includes('/./') || s.includes('/../') || (s.length > 1 && s.endsWith('/')) ||
    s.endsWith('/.') || s.endsWith('/..'))
}

/** An error shaped like Node's own, so NODERAWFS maps `code` to the right errno. */
function fsError(code, syscall, p) {
  const err = new Error(`${code}: virtual file tree, ${syscall} '${p}'`)
  err.code = code
  err.errno = -(require('os').constants.errno[code] || 1)
  err.syscall = syscall
  err.path = p
  return err
}

/** Byte order of the UTF-8 names, the order `LC_ALL=C sort` gives. */
function compareNames(a, b) {
  return Buffer.compare(Buffer.from(a), Buffer.from(b))
}

function install(manifest) {
  const mount = nodePath.resolve(manifest.mountPoint)
  const layers = manifest.layers.map((l) => nodePath.resolve(l))
  // Virtual path → host path of each bind, and a directory's bound names for its listing.
  const binds = new Map((manifest.binds || []).map((b) => [b.path, nodePath.resolve(b.host)]))
  const boundNames = new Map()
  for (const vpath of binds.keys()) {
    const parent = nodePath.posix.dirname(vpath)
    if (!boundNames.has(parent)) boundNames.set(parent, [])
    boundNames.get(parent).push(nodePath.posix.basename(vpath))
  }
  const rules = manifest.rules || []
  const owner = manifest.owner
  const clampMs = typeof manifest.mtimeClamp === 'number' ? manifest.mtimeClamp * 1000 : null
  const uniformTimes = manifest.uniformTimes === true

  const real = {}
  for (const name of ['lstatSync', 'statSync', 'readdirSync', 'openSync', 'readlinkSync', 'accessSync',
    'existsSync', 'realpathSync', 'fstatSync', 'closeSync']) real[name] = fs[name]
  const realCwd = process.cwd.bind(process)
  const realChdir = process.chdir.bind(process)
  let virtualCwd = null

  const absolute = (p) => {
    // The tool's paths are nearly always already absolute and normalized, or ".", "name" or
    // "./name" relative to the current directory (mke2fs -d chdirs into each directory and
    // lists "."): skip path.resolve's parsing for those, it was a tenth of a populate run.
    let s = String(p)
    if (s[0] === '/') return isNormalAbsolute(s) ? s : nodePath.resolve(s)
    const base = virtualCwd ?? realCwd()
    if (s.startsWith('./') && !s.includes('/', 2)) s = s.slice(2)
    if (s === '.') return base
    if (s === '' || s === '..' || s.includes('/')) return nodePath.resolve(base, s)
    return base === '/' ? '/' + s : base + '/' + s
  }
  /** '/' for the mount point, '/a/b' inside it, null outside. */
  const virtualOf = (abs) => (abs === mount ? '/' : abs.startsWith(mount + '/') ? abs.slice(mount.length) : null)

  // Virtual path → { host: the winning host path or null, st: its host lstat until vst is
  // built, dirs: host directories merged there, vst: the virtual Stats once asked }. A
  // non-directory in an upper layer hides everything below it in lower layers. A bind
  // replaces the union at its path: below it only the bound host tree is seen.
  const entries = new Map()
  function lookup(vpath) {
    let entry = entries.get(vpath)
    if (entry) return entry
    const bound = binds.get(vpath)
    if (bound !== undefined) {
      let st = null
      try { st = real.lstatSync(bound) } catch { /* removed since validation: missing */ }
      entry = { host: st ? bound : null, st, dirs: st && st.isDirectory() ? [bound] : [], vst: null }
      entries.set(vpath, entry)
      return entry
    }
    const parentDirs = vpath === '/' ? layers : lookup(nodePath.posix.dirname(vpath)).dirs
    const name = vpath === '/' ? '' : nodePath.posix.basename(vpath)
    entry = { host: null, st: null, dirs: [], vst: null }
    for (const dir of parentDirs) {
      const candidate = name ? dir + '/' + name : dir
      let st
      try { st = real.lstatSync(candidate) } catch { continue }
      if (entry.host === null) { entry.host = candidate; entry.st = st }
      if (!st.isDirectory()) { if (entry.dirs.length === 0) break; continue }
      entry.dirs.push(candidate)
    }
    entries.set(vpath, entry)
    return entry
  }

  /** The entry of an existing virtual path (ENOENT otherwise). */
  function existing(vpath, syscall) {
    const entry = lookup(vpath)
    if (entry.host === null) throw fsError('ENOENT', syscall, mount + vpath)
    return entry
  }

  function hostOf(vpath, syscall) {
    return existing(vpath, syscall).host
  }

  /**
   * Follows symlinks inside the virtual tree as a chroot at the mount point would:
   * absolute targets are relative to the mount point, and ".." stops at it, so a
   * link like ../../../../etc/shadow can never reach a host file outside the tree.
   */
  function followLinks(abs, syscall) {
    for (let hop = 0; hop < MAX_SYMLINK_HOPS; hop++) {
      const vpath = virtualOf(abs)
      if (vpath === null) return abs
      const entry = existing(vpath, syscall)
      if (!(entry.vst ?? entry.st).isSymbolicLink()) return abs
      const target = real.readlinkSync(entry.host)
      const vtarget = nodePath.posix.resolve(nodePath.posix.dirname(vpath), target)
      abs = vtarget === '/' ? mount : mount + vtarget
    }
    throw fsError('ELOOP', syscall, abs)
  }

  function ruleMatches(rule, vpath) {
    return rule.path === vpath ||
      (rule.recursive === true && (rule.path === '/' || vpath.startsWith(rule.path + '/')))
  }

  function metadataFor(vpath, st) {
    let uid = owner ? owner.uid : st.uid
    let gid = owner ? owner.gid : st.gid
    let mode = st.mode
    for (const rule of rules) {
      if (!ruleMatches(rule, vpath)) continue
      if (rule.uid !== undefined) uid = rule.uid
      if (rule.gid !== undefined) gid = rule.gid
      if (rule.mode !== undefined) mode = (mode & ~0o7777) | (rule.mode & 0o7777)
    }
    const clamp = (ms) => (clampMs === null ? ms : Math.min(ms, clampMs))
    const mtimeMs = clamp(st.mtimeMs)
    const atimeMs = uniformTimes ? mtimeMs : clamp(st.atimeMs)
    const ctimeMs = uniformTimes ? mtimeMs : clamp(st.ctimeMs)
    return { uid, gid, mode, atimeMs, mtimeMs, ctimeMs, birthtimeMs: uniformTimes ? mtimeMs : clamp(st.birthtimeMs) }
  }

  /**
   * The prototype of virtual Stats: the host Stats prototype (isDirectory() & co.) plus the Date
   * fields as getters made from the *Ms fields when read. Kept as own Date objects they were four
   * Dates per path, the largest part of the cache (35 MB of a 100,000-file tree's 130 MB heap).
   */
  let virtualStatsProto = null
  function virtualStatsPrototype(st) {
    if (virtualStatsProto === null) {
      virtualStatsProto = Object.create(Object.getPrototypeOf(st))
      for (const name of ['atime', 'mtime', 'ctime', 'birthtime']) {
        const ms = name + 'Ms'
        Object.defineProperty(virtualStatsProto, name, { get() { return new Date(this[ms]) }, enumerable: true, configurable: true })
      }
    }
    return virtualStatsProto
  }

  /**
   * A copy of the host's Stats carrying the virtual metadata: the same own fields (the Dates
   * through the prototype), built as a literal (not by copying the host's keys, whose time
   * fields are getters that build a Date each): a fifth of the cost.
   */
  function virtualStats(vpath, st) {
    const meta = metadataFor(vpath, st)
    return Object.setPrototypeOf({
      dev: st.dev, mode: meta.mode, nlink: st.nlink, uid: meta.uid, gid: meta.gid, rdev: st.rdev,
      blksize: st.blksize, ino: st.ino, size: st.size, blocks: st.blocks,
      atimeMs: meta.atimeMs, mtimeMs: meta.mtimeMs, ctimeMs: meta.ctimeMs, birthtimeMs: meta.birthtimeMs,
    }, virtualStatsPrototype(st))
  }

  /**
   * The virtual Stats of an existing entry, built once: one shared object per path, whose
   * only reader is the emscripten glue (it copies the fields into the C struct stat).
   */
  function statsOf(entry, vpath) {
    if (entry.vst === null) {
      entry.vst = virtualStats(vpath, entry.st)
      entry.st = null // the virtual Stats keep the file type: one object per path, not two
    }
    return entry.vst
  }

  function statVirtual(p, opts, follow, syscall) {
    let abs = absolute(p)
    try {
      if (follow) abs = followLinks(abs, syscall)
      const vpath = virtualOf(abs)
      if (vpath === null) return (follow ? real.statSync : real.lstatSync)(abs, opts)
      return statsOf(existing(vpath, syscall), vpath)
    } catch (err) {
      if (opts && opts.throwIfNoEntry === false && err.code === 'ENOENT') return undefined
      throw err
    }
  }

  // Extended attributes by virtual path, for the llistxattr/lgetxattr of
  // ../emscripten/node-syscalls.js: the exact-path map first (the host tree's own
  // attributes), then rules in order, a later rule's value for a name wins.
  const xattrsByPath = manifest.xattrsByPath || {}
  const xattrCache = new Map()
  // Without any attributes in the manifest every answer is "none", which the glue gives by
  // itself when there is no lookup function, before resolving the path (per file of mke2fs -d).
  const anyXattrs = Object.keys(xattrsByPath).length > 0 || rules.some((rule) => rule.xattrs)
  if (anyXattrs) globalThis.__diskimageXattrs = (abs) => {
    const vpath = virtualOf(absolute(abs))
    if (vpath === null || lookup(vpath).host === null) return null
    if (xattrCache.has(vpath)) return xattrCache.get(vpath)
    const attrs = {}
    const own = Object.prototype.hasOwnProperty.call(xattrsByPath, vpath) ? xattrsByPath[vpath] : {}
    for (const [name, base64] of Object.entries(own)) attrs[name] = Buffer.from(base64, 'base64')
    for (const rule of rules) {
      if (!rule.xattrs || !ruleMatches(rule, vpath)) continue
      for (const [name, base64] of Object.entries(rule.xattrs)) attrs[name] = Buffer.from(base64, 'base64')
    }
    xattrCache.set(vpath, attrs)
    return attrs
  }

  fs.lstatSync = (p, opts) => statVirtual(p, opts, false, 'lstat')
  fs.statSync = (p, opts) => statVirtual(p, opts, true, 'stat')

  fs.readdirSync = (p, opts) => {
    const abs = followLinks(absolute(p), 'scandir')
    const vpath = virtualOf(abs)
    if (vpath === null) return real.readdirSync(abs, opts)
    const entry = lookup(vpath)
    if (entry.host === null) throw fsError('ENOENT', 'scandir', abs)
    if (entry.dirs.length === 0) throw fsError('ENOTDIR', 'scandir', abs)
    const names = new Set(boundNames.get(vpath))
    for (const dir of entry.dirs) for (const name of real.readdirSync(dir)) names.add(name)
    return [...names].sort(compareNames)
  }

  fs.openSync = (p, flags, mode) => {
    const writing = typeof flags === 'number' ? (flags & WRITE_FLAGS) !== 0 : /[wa+]/.test(String(flags ?? 'r'))
    if (writing && virtualOf(absolute(p)) !== null) throw fsError('EROFS', 'open', absolute(p))
    const abs = followLinks(absolute(p), 'open')
    const vpath = virtualOf(abs)
    if (vpath === null) return real.openSync(abs, flags, mode)
    if (writing) throw fsError('EROFS', 'open', abs)
    const entry = existing(vpath, 'open')
    const fd = real.openSync(entry.host, flags, mode)
    openInTree.set(fd, { entry, vpath })
    return fd
  }

  // NODERAWFS fstat()s every descriptor it opens (for the inode number and the directory
  // check): for one of the tree's, the path's Stats are known, without a system call.
  const openInTree = new Map()
  fs.fstatSync = (fd, opts) => {
    const open = openInTree.get(fd)
    if (open === undefined || (opts && opts.bigint)) return real.fstatSync(fd, opts)
    return statsOf(open.entry, open.vpath)
  }
  fs.closeSync = (fd) => {
    openInTree.delete(fd)
    return real.closeSync(fd)
  }

  fs.readlinkSync = (p, opts) => {
    const abs = absolute(p)
    const vpath = virtualOf(abs)
    return real.readlinkSync(vpath === null ? abs : hostOf(vpath, 'readlink'), opts)
  }

  fs.accessSync = (p, mode) => {
    const abs = followLinks(absolute(p), 'access')
    const vpath = virtualOf(abs)
    if (vpath === null) return real.accessSync(abs, mode)
    if (mode & fs.constants.W_OK) throw fsError('EROFS', 'access', abs)
    hostOf(vpath, 'access')
  }

  fs.existsSync = (p) => {
    try { fs.statSync(p); return true } catch { return false }
  }

  fs.realpathSync = (p, opts) => {
    const abs = followLinks(absolute(p), 'realpath')
    if (virtualOf(abs) === null) return real.realpathSync(abs, opts)
    hostOf(virtualOf(abs), 'realpath')
    return abs
  }

  // Anything that would change the tree is refused: the layers are the user's files.
  for (const [name, pathArgs] of [['mkdirSync', 1], ['writeFileSync', 1], ['unlinkSync', 1], ['rmdirSync', 1],
    ['renameSync', 2], ['symlinkSync', 2], ['linkSync', 2], ['chmodSync', 1], ['chownSync', 1],
    ['lchownSync', 1], ['utimesSync', 1], ['truncateSync', 1]]) {
    const original = fs[name]
    fs[name] = (...args) => {
      // symlinkSync(target, path): the target is link text, not a path to resolve
      const first = name === 'symlinkSync' ? 1 : 0
      for (let i = first; i < pathArgs; i++) {
        args[i] = absolute(args[i])
        if (virtualOf(args[i]) !== null) throw fsError('EROFS', name.replace(/Sync$/, ''), args[i])
      }
      return original(...args)
    }
  }

  process.chdir = (p) => {
    const abs = followLinks(absolute(p), 'chdir')
    const vpath = virtualOf(abs)
    if (vpath === null) { realChdir(abs); virtualCwd = null; return }
    const entry = lookup(vpath)
    if (entry.host === null) throw fsError('ENOENT', 'chdir', abs)
    if (entry.dirs.length === 0) throw fsError('ENOTDIR', 'chdir', abs)
    virtualCwd = abs
  }
  process.cwd = () => virtualCwd ?? realCwd()
}

module.exports = { install }
