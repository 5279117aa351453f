'use strict'
// Joins the small positional writes of an emscripten NODERAWFS tool into large ones.
//
// NODERAWFS turns every pwrite()/write() of the C program into one fs.writeSync, and
// e2fsprogs' unix_io writes a file system one 4 KiB block at a time: `mke2fs -d` of a Debian
// minbase tree makes ~34,500 writes, interleaving a few sequential streams (file data,
// inode tables, directory blocks), and reads back blocks it wrote a moment ago. Each call
// costs a system call plus Node's argument checks. Here the writes to one file are kept as
// a few disjoint runs of contiguous bytes in memory and written with one call per run.
//
// Why the file's bytes stay exactly the same: the runs never overlap (a write that would
// overlap one either lies wholly inside it and is copied over those bytes, or first sends
// every run to the file), so applying them in any order gives what the writes in program
// order give. Everything that could see the file in between gets the same answer:
//   - a read of the file (by device and inode, so a second descriptor counts) lying wholly
//     inside a run is answered from it; one touching a run, or past the end of the file as
//     last seen, first sends every run; one elsewhere reads the file as it is;
//   - fstat of the file, a stat/lstat whose answer turns out to be the file (then asked
//     again), an open for writing, a write elsewhere or to another file, a read of a
//     descriptor whose file is unknown, and every other synchronous fs call (truncate,
//     rename, …) first send every run; so does closing the descriptor, and process exit.
// Only the moment of the system call moves. A write error (host disk full) is therefore
// reported by the call that sends the runs (a later write, read, fstat or close of the
// file), and since a tool may ignore that call's result (close() often is), a process
// whose kept bytes could not all be written never ends with code 0.
//
// NODERAWFS fstat()s each descriptor right after opening it, which is how the file
// (device:inode) and size of each descriptor are learned without an extra system call.

const fs = require('fs')

/** Bytes one run holds before it is written out; larger writes go straight to the file. */
const RUN_CAPACITY = 512 * 1024
/** Runs kept at once; the least recently extended one is written out to make room. */
const MAX_RUNS = 16
const { O_WRONLY, O_RDWR, O_APPEND, O_CREAT, O_TRUNC } = fs.constants
const WRITE_FLAGS = O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND
/** fs calls that never see or change a file's bytes or size: no need to write the runs first. */
const NEUTRAL = new Set(['readdirSync', 'readlinkSync', 'accessSync', 'existsSync', 'realpathSync', 'opendirSync'])

/** True for (buffer, offset, length, position) naming a non-empty range of the buffer and a file offset. */
function isPositional(buffer, offset, length, position) {
  return ArrayBuffer.isView(buffer) && Number.isSafeInteger(position) && position >= 0 &&
    Number.isInteger(offset) && Number.isInteger(length) && offset >= 0 && length > 0 &&
    offset + length <= buffer.byteLength
}

function install() {
  const real = {}
  for (const name of Object.keys(fs)) {
    if (name.endsWith('Sync') && typeof fs[name] === 'function') real[name] = fs[name]
  }
  /**
   * "dev:ino" → { key, dev, ino, size, fds } for each regular file open: `size` is one the file
   * has at least (from fstat and the writes since; -1: unknown), `fds` how many descriptors.
   */
  const files = new Map()
  /** fd → the record in `files` of the regular file open there. */
  const fileOf = new Map()
  const forgetSizes = () => { for (const file of files.values()) file.size = -1 }
  function track(fd, file) {
    if (fileOf.get(fd) === file) return
    untrack(fd)
    fileOf.set(fd, file)
    file.fds++
  }
  /** fds known to hold no regular file (pipes, terminals, directories): never the pending file. */
  const notFiles = new Set()
  function untrack(fd) {
    notFiles.delete(fd)
    const file = fileOf.get(fd)
    if (file === undefined) return
    fileOf.delete(fd)
    if (--file.fds === 0) files.delete(file.key)
  }
  /** fds whose writes may be kept: opened for writing, not O_APPEND. */
  const joinable = new Set()
  /** The file the runs belong to, the descriptor they are written through: { fd, file, runs: [{ start, length, bytes, used }] }, or null. */
  let pending = null
  const spare = []
  let clock = 0
  /** The error of a failed write of kept bytes, if any: the process must not end in success. */
  let lost = null

  function grow(file, end) {
    if (end > file.size) file.size = end
  }

  function writeOut(fd, file, run) {
    try {
      for (let done = 0; done < run.length;) {
        const n = real.writeSync(fd, run.bytes, done, run.length - done, run.start + done)
        if (n <= 0) throw Object.assign(new Error(`EIO: short write to fd ${fd}`), { code: 'EIO', syscall: 'write' })
        done += n
      }
    } catch (err) {
      if (lost === null) {
        lost = err
        // Said now: at exit the glue has closed stderr.
        try { real.writeSync(2, `${process.argv[1]}: writing kept bytes to fd ${fd} failed: ${err.message}\n`) } catch { /* no stderr */ }
      }
      throw err
    }
    grow(file, run.start + run.length)
  }

  /** Writes every run to the file, lowest offset first. */
  function flush() {
    if (pending === null) return
    const { fd, file, runs } = pending
    pending = null
    runs.sort((a, b) => a.start - b.start)
    for (const run of runs) {
      writeOut(fd, file, run)
      spare.push(run.bytes)
    }
  }

  /** True when `fd` may hold the pending file: the same descriptor, the same file, or a file not known. */
  function mayBePending(fd) {
    if (pending === null) return false
    if (notFiles.has(fd)) return false
    const file = fileOf.get(fd)
    return fd === pending.fd || file === undefined || file === pending.file
  }

  /** Keeps the write in a run; false when it must go to the file itself (runs already written). */
  function keep(fd, source, position, length) {
    // Another descriptor of the same file (both opened for writing) joins the same runs.
    if (pending !== null && pending.file !== fileOf.get(fd)) flush()
    if (pending === null) pending = { fd, file: fileOf.get(fd), runs: [] }
    const { runs } = pending
    const end = position + length
    let before = null
    for (const run of runs) {
      const runEnd = run.start + run.length
      if (run.start < end && position < runEnd) {
        if (run.start <= position && end <= runEnd) {
          run.bytes.set(source, position - run.start)
          return true
        }
        flush()
        return false
      }
      if (runEnd === position) before = run
    }
    if (before !== null && before.length + length <= RUN_CAPACITY) {
      before.bytes.set(source, before.length)
      before.length += length
      before.used = ++clock
      return true
    }
    if (length > RUN_CAPACITY / 2) return false
    if (before !== null) {
      // A full run that the data continues: write it out and go on in its buffer.
      runs.splice(runs.indexOf(before), 1)
      writeOut(pending.fd, pending.file, before)
      spare.push(before.bytes)
    } else if (runs.length === MAX_RUNS) {
      let oldest = runs[0]
      for (const run of runs) if (run.used < oldest.used) oldest = run
      runs.splice(runs.indexOf(oldest), 1)
      writeOut(pending.fd, pending.file, oldest)
      spare.push(oldest.bytes)
    }
    const bytes = spare.pop() ?? Buffer.allocUnsafe(RUN_CAPACITY)
    bytes.set(source, 0)
    runs.push({ start: position, length, bytes, used: ++clock })
    return true
  }

  fs.writeSync = function writeSync(fd, buffer, offset, length, position) {
    if (joinable.has(fd) && fileOf.has(fd) && isPositional(buffer, offset, length, position)) {
      const source = new Uint8Array(buffer.buffer, buffer.byteOffset + offset, length)
      if (keep(fd, source, position, length)) return length
      const n = real.writeSync(fd, buffer, offset, length, position)
      grow(fileOf.get(fd), position + n)
      return n
    }
    if (mayBePending(fd)) flush()
    return real.writeSync.apply(fs, arguments)
  }

  const FROM_FILE = -1
  const FLUSH_FIRST = -2
  /**
   * For a read of the pending file: the byte count when a run holds the whole range (copied
   * into `buffer`), FROM_FILE when no run touches it and the file is at least that long,
   * FLUSH_FIRST otherwise.
   */
  function fromRuns(buffer, offset, length, position) {
    if (!isPositional(buffer, offset, length, position)) return FLUSH_FIRST
    const end = position + length
    for (const run of pending.runs) {
      const runEnd = run.start + run.length
      if (run.start <= position && end <= runEnd) {
        new Uint8Array(buffer.buffer, buffer.byteOffset + offset, length)
          .set(run.bytes.subarray(position - run.start, end - run.start))
        return length
      }
      if (run.start < end && position < runEnd) return FLUSH_FIRST
    }
    // Untouched by the runs, and inside the file as it is: the file's bytes are the answer.
    return end <= pending.file.size ? FROM_FILE : FLUSH_FIRST
  }

  fs.readSync = function readSync(fd, buffer, offset, length, position) {
    if (mayBePending(fd)) {
      const answer = fileOf.has(fd) ? fromRuns(buffer, offset, length, position) : FLUSH_FIRST
      if (answer >= 0) return answer
      if (answer === FLUSH_FIRST) flush()
    }
    return real.readSync.apply(fs, arguments)
  }

  fs.fstatSync = function fstatSync(fd, options) {
    if (pending !== null && pending.fd === fd) flush()
    let st = real.fstatSync(fd, options)
    if (!st.isFile()) {
      untrack(fd)
      notFiles.add(fd)
      return st
    }
    const key = `${st.dev}:${st.ino}`
    let file = files.get(key)
    if (file === undefined) files.set(key, file = { key, dev: st.dev, ino: st.ino, size: -1, fds: 0 })
    track(fd, file)
    if (pending !== null && pending.file === file) {
      flush()
      st = real.fstatSync(fd, options)
    }
    file.size = Number(st.size)
    return st
  }

  // A path may name the pending file (the image): compare the answer's device and inode.
  for (const name of ['statSync', 'lstatSync']) {
    fs[name] = function stat() {
      const st = real[name].apply(fs, arguments)
      // == as a bigint Stats may be asked for
      if (pending === null || st === undefined || st.ino != pending.file.ino || st.dev != pending.file.dev || !st.isFile()) return st
      flush()
      return real[name].apply(fs, arguments)
    }
  }

  fs.openSync = function openSync(path, flags, mode) {
    const numeric = typeof flags === 'number'
    const writing = numeric ? (flags & WRITE_FLAGS) !== 0 : /[wa+]/.test(String(flags ?? 'r'))
    if (writing) {
      // Opening for writing may create or truncate the pending file, or any file whose size is kept.
      flush()
      forgetSizes()
    }
    const fd = real.openSync.apply(fs, arguments)
    untrack(fd)
    const appending = numeric ? (flags & O_APPEND) !== 0 : /a/.test(String(flags))
    if (writing && !appending) joinable.add(fd)
    else joinable.delete(fd)
    return fd
  }

  fs.closeSync = function closeSync(fd) {
    try {
      if (pending !== null && pending.fd === fd) flush()
    } finally {
      untrack(fd)
      joinable.delete(fd)
      real.closeSync(fd)
    }
  }

  // The standard streams are usually pipes or terminals: writing the tool's output there
  // need not write the kept bytes first (nor report their error in place of the output's).
  for (const fd of [0, 1, 2]) {
    try { fs.fstatSync(fd) } catch { /* not open */ }
  }

  const handled = new Set(['writeSync', 'readSync', 'fstatSync', 'statSync', 'lstatSync', 'openSync', 'closeSync'])
  for (const name of Object.keys(real)) {
    if (handled.has(name) || NEUTRAL.has(name)) continue
    fs[name] = function flushFirst() {
      flush()
      // truncate, ftruncate, rename, … may shrink or replace a file whose size is kept.
      forgetSizes()
      return real[name].apply(fs, arguments)
    }
  }

  process.on('exit', () => {
    try {
      flush()
    } catch { /* kept in `lost` */ }
    // The tool may have ignored the call that reported it (close() often is): never let
    // kept bytes that did not reach the file end in success.
    if (lost !== null && !process.exitCode) process.exitCode = 1
  })
}

module.exports = { install }
