import { execFileSync } from 'node:child_process'
import { closeSync, lstatSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { readTable, type PartitionTable } from '@diskimage/partition'
import { listTree, nativeFsck, payload, rdump, readFileBlock, statInImage } from './readBackExt4.js'

/** Copies `length` bytes at `offset` of `image` into a new file (a partition, as `dd skip= count=` would). */
export function extractRegion(image: string, offset: number, length: number): string {
  const out = join(mkdtempSync(join(tmpdir(), 'part-')), 'part.img')
  const src = openSync(image, 'r')
  const dst = openSync(out, 'w')
  try {
    const buf = Buffer.alloc(4 * 1024 * 1024)
    for (let done = 0; done < length; ) {
      const n = readSync(src, buf, 0, Math.min(buf.length, length - done), offset + done)
      if (n === 0) break
      writeSync(dst, buf, 0, n, done)
      done += n
    }
  } finally {
    closeSync(src)
    closeSync(dst)
  }
  return out
}

/** Native `fsck.fat -n` on a partition of the image: returns exit code and output. */
export function nativeFsckFat(image: string, offset: number, length: number): { code: number; output: string } {
  const part = extractRegion(image, offset, length)
  try {
    return { code: 0, output: execFileSync('fsck.fat', ['-n', part], { encoding: 'utf8', stdio: 'pipe' }) }
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string }
    return { code: err.status, output: err.stdout + err.stderr }
  } finally {
    rmSync(join(part, '..'), { recursive: true, force: true })
  }
}

export interface ExpectedOwner {
  /** Path inside the image → owner it must have (when absent: the source's). */
  [path: string]: { uid: number; gid: number }
}

/**
 * Checks a root file system against its source tree with the native tools:
 * e2fsck -fn clean; every path present with equal content / symlink target;
 * mode, owner, link count and mtime as in the source (or as `owners` says).
 */
export function expectRootFsEquals(image: string, offset: number, tree: string, owners: ExpectedOwner = {}, extra: string[] = [], bigFiles: string[] = []): void {
  const fsck = nativeFsck(image, offset)
  expect(fsck.code, fsck.output).toBe(0)
  const out = rdump(image, offset, bigFiles)
  try {
    const all = listTree(tree)
    const paths = all.filter((p) => !bigFiles.includes(p))
    for (const big of bigFiles) expectBigFileEquals(image, offset, tree, big)
    expect(statInImage(image, offset, bigFiles).size).toBe(bigFiles.length)
    const special = (p: string) => !lstatSync(join(tree, p)).isFile() && !lstatSync(join(tree, p)).isDirectory() && !lstatSync(join(tree, p)).isSymbolicLink()
    expect(listTree(out).filter((p) => p !== '/lost+found')).toEqual([...paths.filter((p) => !special(p)), ...extra].sort())
    for (const p of paths) if (!special(p)) expect(payload(out, p), p).toBe(payload(tree, p))
    const facts = statInImage(image, offset, all)
    for (const p of all.filter((p) => !p.includes('\n'))) {
      const st = lstatSync(join(tree, p))
      const f = facts.get(p)
      expect(f, `debugfs stat ${p}`).toBeDefined()
      expect(f!.mode, `mode of ${p}`).toBe(st.mode & 0o7777)
      const owner = owners[p] ?? { uid: st.uid, gid: st.gid }
      expect({ uid: f!.uid, gid: f!.gid }, `owner of ${p}`).toEqual(owner)
      if (!st.isDirectory()) expect(f!.links, `links of ${p}`).toBe(st.nlink)
      expect(f!.mtime, `mtime of ${p}`).toBe(Math.floor(st.mtimeMs / 1000))
      if (st.isFIFO()) expect(f!.type).toBe('FIFO')
      if (st.isCharacterDevice() || st.isBlockDevice()) {
        expect(f!.type, `type of ${p}`).toBe(st.isCharacterDevice() ? 'character special' : 'block special')
        // Linux's dev_t: major in bits 8..19, minor in bits 0..7 and 20..31 (glibc's gnu_dev_major/minor).
        expect(f!.device, `device numbers of ${p}`).toEqual([(st.rdev >> 8) & 0xfff, (st.rdev & 0xff) | ((st.rdev >> 12) & 0xfff00)])
      }
      if (st.isFile()) expect(f!.size, `size of ${p}`).toBe(st.size)
    }
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}

/** Our reader's view of the image's table (it validates CRCs, backup and overlaps). */
export async function tableOf(image: string): Promise<PartitionTable> {
  return readTable(image)
}

/** A huge sparse file, checked without reading it whole: size, and its first and last 4 KiB blocks. */
function expectBigFileEquals(image: string, offset: number, tree: string, path: string): void {
  const st = lstatSync(join(tree, path))
  const last = Math.floor((st.size - 1) / 4096)
  for (const lblk of [0, last]) {
    const want = Buffer.alloc(4096)
    const fd = openSync(join(tree, path), 'r')
    try {
      readSync(fd, want, 0, 4096, lblk * 4096)
    } finally {
      closeSync(fd)
    }
    expect(readFileBlock(image, offset, path, lblk).equals(want), `block ${lblk} of ${path}`).toBe(true)
  }
}
