import { execFileSync } from 'node:child_process'
import { chmod, link, mkdir, open, symlink, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** 255 bytes: the longest name ext4 stores. */
export const longAsciiName = 'n'.repeat(251) + '.txt'
/** 255 bytes of UTF-8 (127 two-byte characters + 1). */
export const longUtf8Name = 'é'.repeat(127) + 'x'
export const utf8Name = 'ünïcødé-日本語-😀.txt'

/** Deterministic pseudo-random bytes (xorshift), so trees are the same on every run. */
export function pseudoRandomBytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length)
  let x = seed >>> 0 || 1
  for (let i = 0; i < length; i++) {
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    out[i] = x & 0xff
  }
  return out
}

/**
 * Writes a tree with what `mke2fs -d` must carry over: nested directories, UTF-8 and
 * 255-byte names, relative/absolute/dangling symlinks, hard links, sparse and empty files,
 * a fifo, unusual modes (setuid, 0600, 0700 directory), and fixed mtimes.
 */
export async function writeSampleTree(root: string): Promise<void> {
  await mkdir(join(root, 'a/b/c/d'), { recursive: true })
  await mkdir(join(root, 'private'), { mode: 0o700 })
  await chmod(join(root, 'private'), 0o700)
  await writeFile(join(root, 'hello.txt'), 'hello, world\n')
  await writeFile(join(root, 'a/b/c/d/deep.txt'), 'deep\n')
  await writeFile(join(root, utf8Name), 'utf-8 name\n')
  await writeFile(join(root, longAsciiName), 'long ascii name\n')
  await writeFile(join(root, 'a', longUtf8Name), 'long utf-8 name\n')
  await writeFile(join(root, 'random.bin'), pseudoRandomBytes(300 * 1024 + 17, 42))
  await writeFile(join(root, 'empty'), '')
  await writeFile(join(root, 'private/secret'), 'secret\n', { mode: 0o600 })
  await chmod(join(root, 'private/secret'), 0o600)
  await writeFile(join(root, 'setuid-tool'), '#!/bin/sh\n')
  await chmod(join(root, 'setuid-tool'), 0o4755)
  // Sparse: 8 MiB with data only at 0 and 5 MiB.
  const sparse = await open(join(root, 'sparse.bin'), 'w')
  await sparse.write('start', 0)
  await sparse.write('middle', 5 * 1024 * 1024)
  await sparse.truncate(8 * 1024 * 1024)
  await sparse.close()
  await writeFile(join(root, 'hard1'), 'linked twice\n')
  await link(join(root, 'hard1'), join(root, 'a/hard2'))
  await symlink('hello.txt', join(root, 'link-rel'))
  await symlink('/etc/does-not-exist', join(root, 'link-abs-dangling'))
  await symlink('b/c', join(root, 'a/link-dir'))
  await symlink('x'.repeat(200), join(root, 'link-long-target')) // > 60 bytes: stored in a block
  execFileSync('mkfifo', [join(root, 'fifo')])
  for (const [path, seconds] of [['hello.txt', 1_600_000_000], ['a/b/c/d/deep.txt', 1_500_000_000]] as const) {
    await utimes(join(root, path), seconds, seconds)
  }
}
