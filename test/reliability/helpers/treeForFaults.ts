import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * A root tree big enough that every phase of a build takes a visible moment (so a
 * kill can land inside it): `files` small files in 50 directories plus `dataMiB`
 * of incompressible data.
 */
export function treeForFaults(dir: string, files: number, dataMiB: number): string {
  mkdirSync(join(dir, 'etc'), { recursive: true })
  writeFileSync(join(dir, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\n')
  writeFileSync(join(dir, 'etc/group'), 'root:x:0:\n')
  for (let i = 0; i < files; i++) {
    const sub = join(dir, 'usr/share', `d${i % 50}`)
    if (i < 50) mkdirSync(sub, { recursive: true })
    writeFileSync(join(sub, `f${i}`), `file ${i}\n`.repeat(1 + (i % 40)))
  }
  if (dataMiB > 0) writeFileSync(join(dir, 'blob'), randomBytes(dataMiB * 1024 * 1024))
  return dir
}
