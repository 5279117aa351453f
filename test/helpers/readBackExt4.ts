import { execFileSync } from 'node:child_process'
import { closeSync, lstatSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, readlinkSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** What native debugfs says of one inode. */
export interface InodeFacts {
  type: string
  mode: number
  uid: number
  gid: number
  links: number
  size: number
  mtime: number
  /** Major and minor number of a device node. */
  device?: [number, number]
}

/** `e2fsck -fn` (native) on a file system at an offset; returns its exit code and output. */
export function nativeFsck(image: string, offset: number): { code: number; output: string } {
  try {
    const output = execFileSync('e2fsck', ['-fn', `${image}?offset=${offset}`], { encoding: 'utf8', stdio: 'pipe' })
    return { code: 0, output }
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string }
    return { code: err.status, output: err.stdout + err.stderr }
  }
}

/**
 * Asks NATIVE debugfs for the inode facts of each path (one debugfs run with a
 * command file). Paths with a newline cannot be named in a command file; they
 * are checked by content only (rdump).
 */
/**
 * An ext4 time as debugfs prints it (`0xSECONDS:EXTRA`): the seconds are signed 32-bit, and the
 * low two bits of the extra field (256-byte inodes) add epochs of 2^32 s — how times after 2038 are kept.
 */
function ext4Seconds(seconds: string, extra: string | undefined): number {
  return (parseInt(seconds, 16) | 0) + (extra === undefined ? 0 : (parseInt(extra, 16) & 3) * 2 ** 32)
}

export function statInImage(image: string, offset: number, paths: string[]): Map<string, InodeFacts> {
  const dir = mkdtempSync(join(tmpdir(), 'dbg-'))
  try {
    const quoted = paths.filter((p) => !p.includes('\n'))
    writeFileSync(join(dir, 'cmds'), quoted.map((p) => `stat "${p.replace(/"/g, '\\"')}"\n`).join(''))
    const out = execFileSync('debugfs', ['-f', join(dir, 'cmds'), `${image}?offset=${offset}`], { encoding: 'utf8', stdio: 'pipe', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, DEBUGFS_PAGER: '__none__', PAGER: '__none__' } })
    const blocks = out.split(/^debugfs: /m).slice(1)
    const facts = new Map<string, InodeFacts>()
    blocks.forEach((block, i) => {
      const m = /Type: (.+?)\s+Mode:\s+(\d+)[\s\S]*?User:\s+(\d+)\s+Group:\s+(\d+)[\s\S]*?Size:\s+(\d+)[\s\S]*?Links: (\d+)[\s\S]*?mtime: 0x([0-9a-f]+)(?::([0-9a-f]+))?/.exec(block)
      const dev = /Device major\/minor number: (\d+):(\d+)/.exec(block)
      if (m) facts.set(quoted[i]!, { type: m[1]!, mode: parseInt(m[2]!, 8), uid: +m[3]!, gid: +m[4]!, size: +m[5]!, links: +m[6]!, mtime: ext4Seconds(m[7]!, m[8]), ...(dev ? { device: [+dev[1]!, +dev[2]!] as [number, number] } : {}) })
    })
    return facts
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Copies the file system out with native `debugfs rdump`, into a fresh directory;
 * top-level entries named in `skip` are left in the image (a 5 GiB sparse file
 * would be written out in full).
 */
export function rdump(image: string, offset: number, skip: string[] = []): string {
  const out = mkdtempSync(join(tmpdir(), 'rdump-'))
  const device = `${image}?offset=${offset}`
  let sources = '/'
  if (skip.length > 0) {
    const ls = execFileSync('debugfs', ['-R', 'ls -p /', device], { encoding: 'utf8', stdio: 'pipe' })
    const names = ls.split('\n').map((l) => l.split('/')[5]).filter((n): n is string => !!n && n !== '.' && n !== '..')
    sources = names.filter((n) => !skip.includes(`/${n}`)).map((n) => `"/${n}"`).join(' ')
  }
  execFileSync('debugfs', ['-R', `rdump ${sources} ${out}`, device], { stdio: 'pipe' })
  return out
}

/** The bytes of logical block `lblk` of a file, found with native debugfs `bmap` and read from the image. */
export function readFileBlock(image: string, offset: number, path: string, lblk: number): Buffer {
  const out = execFileSync('debugfs', ['-R', `bmap "${path}" ${lblk}`, `${image}?offset=${offset}`], { encoding: 'utf8', stdio: 'pipe' }).trim()
  const pblk = Number(out.split('\n').pop())
  const buf = Buffer.alloc(4096)
  if (pblk === 0) return buf // a hole reads as zeros
  const fd = openSync(image, 'r')
  try {
    readSync(fd, buf, 0, 4096, offset + pblk * 4096)
  } finally {
    closeSync(fd)
  }
  return buf
}

/** Every path below `dir` (relative, starting with "/"), not following symlinks. */
export function listTree(dir: string, rel = ''): string[] {
  const out: string[] = []
  for (const name of readdirSync(join(dir, rel))) {
    const p = `${rel}/${name}`
    out.push(p)
    if (lstatSync(join(dir, p)).isDirectory()) out.push(...listTree(dir, p))
  }
  return out.sort()
}

/** Content of a regular file, or the target of a symlink, as the source tree has it. */
export function payload(dir: string, p: string): string {
  const st = lstatSync(join(dir, p))
  if (st.isSymbolicLink()) return `-> ${readlinkSync(join(dir, p))}`
  if (st.isFile()) return readFileSync(join(dir, p)).toString('base64')
  return st.isDirectory() ? 'dir' : 'special'
}
