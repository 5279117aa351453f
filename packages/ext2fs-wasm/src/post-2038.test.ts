import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { debugfs, mke2fs } from './index.js'
import { nativeFsck } from './__fixtures__/native-debugfs.js'

// ext4 (256-byte inodes) stores times from 1901 to 2446; the WASM tools need a 64-bit time_t
// to get them there (wasm-runtime's patched emscripten, see its README "64-bit time").
const Y2100 = Date.UTC(2100, 0, 1) / 1000
const Y1960 = Date.UTC(1960, 5, 15, 12) / 1000

let dir: string
let image: string

/** The `mtime:` line of debugfs `stat` (raw fields and the date), times printed in UTC. */
const mtimeLine = (output: string): string | undefined => /^\s*mtime: .*$/m.exec(output)?.[0].trim()
const nativeStatMtime = (path: string): string | undefined =>
  mtimeLine(execFileSync('debugfs', ['-R', `stat ${path}`, image], {
    encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, stdio: ['ignore', 'pipe', 'ignore'],
  }))

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ext2fs-post-2038-'))
  const tree = join(dir, 'tree')
  await mkdir(tree)
  await writeFile(join(tree, 'late'), 'from 2100\n')
  await writeFile(join(tree, 'early'), 'from 1960\n')
  await utimes(join(tree, 'late'), Y2100, Y2100)
  // Node's utimes turns a negative time into "now": GNU touch sets it.
  execFileSync('touch', ['-d', `@${Y1960}`, join(tree, 'early')])
  image = join(dir, 'fs.img')
  await mke2fs(['-F', '-q', '-t', 'ext4', '-d', tree, image, '16M'])
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('times after 2038 and before 1970 through mke2fs -d', () => {
  it('stores them: native debugfs reads 2100-01-01 and 1960-06-15 back', () => {
    expect(nativeStatMtime('/late')).toMatch(/-- Fri Jan  1 00:00:00 2100$/)
    expect(nativeStatMtime('/early')).toMatch(/-- Wed Jun 15 12:00:00 1960$/)
    expect(nativeFsck(image).code).toBe(0)
  })

  // Not an image from the host's mke2fs: bookworm's 1.47.0 stores 2100 as 1963 (no epoch bits).
  it('WASM debugfs prints the same mtime lines as native debugfs', async () => {
    for (const [path, year] of [['/late', / 2100$/], ['/early', / 1960$/]] as const) {
      const { stdout } = await debugfs(['-R', `stat ${path}`, image], { env: { TZ: 'UTC' } })
      expect(mtimeLine(stdout)).toMatch(year)
      expect(mtimeLine(stdout)).toBe(nativeStatMtime(path))
    }
  })
})
