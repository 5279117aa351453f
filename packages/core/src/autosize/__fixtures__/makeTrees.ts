import { spawnSync } from 'node:child_process'
import { linkSync, mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A fresh temporary directory for a test tree. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `diskimage-${prefix}-`))
}

// Deterministic sizes (a small LCG) so failures reproduce.
function sizes(count: number, seed: number): number[] {
  let state = seed
  return Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31
    return state % 20000
  })
}

/**
 * A tree with everything the auto size must count right and the reference's
 * shell pipeline handles correctly: nested directories, files of sizes around the
 * 4096 boundary, names with spaces, hard links (also across directories),
 * symlinks (to files, to a directory, dangling), a sparse 10 MiB + 1 file, a fifo,
 * empty files and directories.
 */
export function makeShellSafeTree(root: string): void {
  const dirs = ['a', 'a/b', 'a/b/c', 'with space', 'with space/deeper dir', 'empty', 'nix/store/abc-pkg/bin', 'nix/store/def-lib']
  for (const dir of dirs) mkdirSync(join(root, dir), { recursive: true })
  sizes(120, 7).forEach((size, i) => {
    const dir = dirs[i % dirs.length]!
    writeFileSync(join(root, dir, i % 5 === 0 ? `file ${i} spaced.txt` : `f${i}`), Buffer.alloc(size, i))
  })
  for (const size of [0, 1, 4095, 4096, 4097, 8192]) writeFileSync(join(root, 'a', `edge-${size}`), Buffer.alloc(size, 1))
  for (let i = 0; i < 15; i++) linkSync(join(root, 'a', 'edge-4097'), join(root, 'a/b', `hardlink-${i}`))
  linkSync(join(root, 'with space', 'file 35 spaced.txt'), join(root, 'nix/store/def-lib', 'hard link with space'))
  symlinkSync('../edge-4096', join(root, 'a/b', 'to-file'))
  symlinkSync('/nonexistent/target', join(root, 'a', 'dangling'))
  symlinkSync('a/b', join(root, 'to-dir'))
  symlinkSync('x'.repeat(4000), join(root, 'long-target'))
  writeFileSync(join(root, 'sparse'), '')
  truncateSync(join(root, 'sparse'), 10 * 1048576 + 1)
  writeFileSync(join(root, 'nix/store/abc-pkg/bin', 'tool'), Buffer.alloc(50000, 2))
  const fifo = spawnSync('mkfifo', [join(root, 'a', 'fifo')])
  if (fifo.status !== 0) throw new Error(`mkfifo failed: ${fifo.stderr}`)
}

/**
 * Names the reference's `du | cut -f1` and `find | wc -l` miscount: newlines
 * (one followed by digits, which the reference would ADD as blocks), a leading
 * newline, and names that are not valid UTF-8 (a file, and a directory with a subtree).
 */
export function makeAwkwardNamesTree(root: string): void {
  makeShellSafeTree(root)
  writeFileSync(join(root, 'line\nbreak'), Buffer.alloc(9000, 3))
  writeFileSync(join(root, 'a', 'ends with digits\n12345'), Buffer.alloc(100, 3))
  mkdirSync(join(root, '\nnewline dir'))
  writeFileSync(join(root, '\nnewline dir', 'inside\n\n'), Buffer.alloc(5000, 3))
  const latin1 = (path: string, ...bytes: number[]) => Buffer.concat([Buffer.from(path), Buffer.from(bytes)])
  writeFileSync(latin1(`${root}/latin`, 0xe9), Buffer.alloc(4097, 4))
  // A directory whose name is not UTF-8, with a subtree below it.
  const dir = latin1(`${root}/caf`, 0xe9, 0x20, 0xff)
  mkdirSync(Buffer.concat([dir, Buffer.from('/sub dir')]), { recursive: true })
  writeFileSync(Buffer.concat([dir, Buffer.from('/sub dir/file')]), Buffer.alloc(12000, 5))
  writeFileSync(Buffer.concat([dir, Buffer.from('/also')]), Buffer.alloc(1, 5))
  symlinkSync('sub dir', Buffer.concat([dir, Buffer.from('/link')]))
}
