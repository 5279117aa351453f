import { execFileSync } from 'node:child_process'
import { chmodSync, closeSync, linkSync, mkdirSync, openSync, symlinkSync, utimesSync, writeFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'

export interface TreeOptions {
  /** Add a sparse file of this many bytes (data at its start and its end only). */
  bigSparseBytes?: number
  /** Add a named pipe (mkfifo). */
  fifo?: boolean
}

/**
 * A root tree with what real trees hold and naive builders get wrong: nested
 * directories, UTF-8 and 255-byte names, names with spaces and newlines, relative
 * and absolute symlinks, hard links, sparse and empty files, odd modes, a fifo.
 * Times are fixed so that the tree itself is reproducible.
 */
export function generateTree(dir: string, opts: TreeOptions = {}): string {
  mkdirSync(join(dir, 'etc'), { recursive: true })
  writeFileSync(join(dir, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\nsvc:x:123:456::/:/bin/false\n')
  writeFileSync(join(dir, 'etc/group'), 'root:x:0:\nalice:x:1000:\nsvcgrp:x:456:\nwheel:x:10:\n')
  writeFileSync(join(dir, 'etc/hostname'), 'tree\n')
  for (let i = 0; i < 6; i++) {
    const d = join(dir, 'usr/share', `pkg${i}`, 'deep/er/still')
    mkdirSync(d, { recursive: true })
    for (let j = 0; j < 5; j++) writeFileSync(join(d, `f${j}.txt`), `pkg ${i} file ${j}\n`.repeat(1 + j * 300))
  }
  mkdirSync(join(dir, 'names'), { recursive: true })
  writeFileSync(join(dir, 'names/grüße-ñ-日本語.txt'), 'utf-8\n')
  writeFileSync(join(dir, 'names', 'L'.repeat(255)), 'long\n')
  writeFileSync(join(dir, 'names/with space'), 'space\n')
  writeFileSync(join(dir, 'names/new\nline'), 'newline\n')
  writeFileSync(join(dir, 'names/empty'), '')
  symlinkSync('../etc/hostname', join(dir, 'names/rel-link'))
  symlinkSync('/etc/hostname', join(dir, 'names/abs-link'))
  symlinkSync('x'.repeat(200), join(dir, 'names/long-dangling-link'))
  writeFileSync(join(dir, 'names/hard-a'), 'shared by two names\n')
  linkSync(join(dir, 'names/hard-a'), join(dir, 'names/hard-b'))
  mkdirSync(join(dir, 'bin'), { recursive: true })
  writeFileSync(join(dir, 'bin/setuid-tool'), '#!/bin/sh\n')
  chmodSync(join(dir, 'bin/setuid-tool'), 0o4755)
  writeFileSync(join(dir, 'bin/private'), 'secret\n')
  chmodSync(join(dir, 'bin/private'), 0o600)
  mkdirSync(join(dir, 'tmp'), { recursive: true })
  chmodSync(join(dir, 'tmp'), 0o1777)
  const sparse = openSync(join(dir, 'var-sparse.img'), 'w')
  writeSync(sparse, 'start')
  writeSync(sparse, 'end', 10 * 1024 * 1024)
  closeSync(sparse)
  if (opts.bigSparseBytes) {
    const fd = openSync(join(dir, 'big-sparse.img'), 'w')
    writeSync(fd, 'head')
    writeSync(fd, 'tail', opts.bigSparseBytes - 4)
    closeSync(fd)
  }
  if (opts.fifo) execFileSync('mkfifo', [join(dir, 'names/fifo')])
  fixTimes(dir)
  return dir
}

/** Gives every entry the same mtime/atime, children first, so directory times stick. */
function fixTimes(dir: string): void {
  execFileSync('find', [dir, '-depth', '-exec', 'touch', '-h', '-d', '@1600000000', '{}', '+'])
  utimesSync(dir, 1_600_000_000, 1_600_000_000)
}
