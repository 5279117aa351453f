import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Content of file `i` of a many-file tree: small, different for each file. */
export const manyFilesContent = (i: number): string => `file ${i}\n`.repeat(1 + (i % 7))

/** Path (relative, with a leading "/") of file `i`: 1000 files per directory, two levels deep. */
export const manyFilesPath = (i: number): string => `/data/d${Math.floor(i / 10000)}/e${Math.floor(i / 1000) % 10}/f${i}`

/** A root tree with `count` small files (plus /etc/passwd), laid out by {@link manyFilesPath}. */
export function manyFilesTree(dir: string, count: number): string {
  mkdirSync(join(dir, 'etc'), { recursive: true })
  writeFileSync(join(dir, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\n')
  for (let i = 0; i < count; i++) {
    if (i % 1000 === 0) mkdirSync(join(dir, manyFilesPath(i), '..'), { recursive: true })
    writeFileSync(join(dir, manyFilesPath(i)), manyFilesContent(i))
  }
  return dir
}
