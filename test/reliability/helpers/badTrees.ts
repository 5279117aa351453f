import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Paths of the trees and files the bad-input cases point options at. */
export interface BadTrees {
  dir: string
  /** A small valid root tree with /etc/passwd and /etc/group. */
  root: string
  /** A regular file. */
  file: string
  fifo: string
  /** A symlink to nothing. */
  dangling: string
  /** loop -> loop2 -> loop. */
  loop: string
  /** A small directory (valid ESP contents, a glob base). */
  esp: string
  /** A directory with OVMF_CODE_4M.fd and OVMF_VARS_4M.fd. */
  ovmf: string
  /** A root tree whose /etc is a symlink to a directory outside it. */
  linkedEtcRoot: string
  /** A directory holding a character device node. */
  devDir: string
  /** A tree with a Latin-1 name ("caf\xe9"), not valid UTF-8. */
  latin1Root: string
  /** A root tree holding 30 MB of data. */
  bigRoot: string
  /** An ESP contents directory of 30 MB. */
  bigEsp: string
  /** A root tree with symlink loops, a self link, a fifo, a socket and a device node. */
  oddRoot: string
}

function smallRoot(dir: string): string {
  mkdirSync(join(dir, 'etc'), { recursive: true })
  writeFileSync(join(dir, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\n')
  writeFileSync(join(dir, 'etc/group'), 'root:x:0:\n')
  return dir
}

/** Makes every tree of {@link BadTrees} under `dir` (as root: mknod needs it, and CI runs as root). */
export function makeBadTrees(dir: string): BadTrees {
  const p = (name: string) => join(dir, name)
  const root = smallRoot(p('root'))
  writeFileSync(p('file'), 'a file\n')
  execFileSync('mkfifo', [p('fifo')])
  symlinkSync(p('nothing-here'), p('dangling'))
  symlinkSync(p('loop2'), p('loop'))
  symlinkSync(p('loop'), p('loop2'))
  mkdirSync(p('esp/EFI/BOOT'), { recursive: true })
  writeFileSync(p('esp/EFI/BOOT/BOOTX64.EFI'), 'not really\n')
  mkdirSync(p('ovmf'))
  for (const f of ['OVMF_CODE_4M.fd', 'OVMF_VARS_4M.fd']) writeFileSync(join(p('ovmf'), f), 'x')

  const linkedEtcRoot = p('linked-etc-root')
  mkdirSync(linkedEtcRoot)
  mkdirSync(p('outside-etc'))
  symlinkSync(p('outside-etc'), join(linkedEtcRoot, 'etc'))

  mkdirSync(p('dev-dir'))
  execFileSync('mknod', [join(p('dev-dir'), 'null'), 'c', '1', '3'])

  const latin1Root = smallRoot(p('latin1-root'))
  writeFileSync(Buffer.concat([Buffer.from(`${latin1Root}/caf`), Buffer.from([0xe9])]), 'latin-1 name\n')

  const bigRoot = smallRoot(p('big-root'))
  writeFileSync(join(bigRoot, 'blob'), randomBytes(30 * 1024 * 1024))
  mkdirSync(p('big-esp'))
  writeFileSync(join(p('big-esp'), 'blob.efi'), randomBytes(30 * 1024 * 1024))

  const oddRoot = smallRoot(p('odd-root'))
  writeFileSync(join(oddRoot, 'plain'), 'x\n')
  symlinkSync('loop2', join(oddRoot, 'loop1'))
  symlinkSync('loop1', join(oddRoot, 'loop2'))
  symlinkSync('.', join(oddRoot, 'self'))
  execFileSync('mkfifo', ['-m', '644', join(oddRoot, 'fifo')])
  execFileSync('mknod', [join(oddRoot, 'null'), 'c', '1', '3'])
  // A unix socket file: a process that listens and exits without closing leaves it behind.
  execFileSync(process.execPath, ['-e', 'require("net").createServer().listen(process.argv[1], () => process.exit(0))', join(oddRoot, 'sock')])

  return {
    dir, root, file: p('file'), fifo: p('fifo'), dangling: p('dangling'), loop: p('loop'), esp: p('esp'), ovmf: p('ovmf'),
    linkedEtcRoot, devDir: p('dev-dir'), latin1Root, bigRoot, bigEsp: p('big-esp'), oddRoot,
  }
}
