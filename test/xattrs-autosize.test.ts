import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { autoDiskSize, buildImage, scanTree } from '@diskimage/core'
import { nativeFsck } from './helpers/readBackExt4.js'

// The worst case for the automatic size with attributes: empty files whose every attribute set is
// too big for the inode, so each takes a 4 KiB block of its own that the reference's formula (file
// sizes + two blocks per entry, no term for attributes) does not count. The two blocks charged per
// entry cover it — an inode costs 256 bytes of its table, the attribute block one block — so the
// auto size stays the reference's, and the build still fits with no additional space at all.
const FILES = 3000
let work: string
let tree: string

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'xattrs-autosize-'))
  tree = join(work, 'tree')
  mkdirSync(tree)
  const paths = Array.from({ length: FILES }, (_, i) => join(tree, `f${i}`))
  for (const path of paths) writeFileSync(path, '')
  // 200 bytes cannot share the inode's ~88 spare bytes: every file gets an attribute block.
  for (let i = 0; i < FILES; i += 500) execFileSync('setfattr', ['-n', 'user.label', '-v', 'x'.repeat(200), ...paths.slice(i, i + 500)])
}, 120_000)

afterAll(() => rmSync(work, { recursive: true, force: true }))

it("every file's attributes in a block of their own still fit the reference's auto size with additionalSpace 0", async () => {
  const result = await buildImage({ root: tree, out: join(work, 'out'), partitionTableType: 'none', additionalSpace: '0', installBootLoader: false })
  const reference = autoDiskSize(await scanTree(tree), { partitionTableType: 'none', bootSize: '256M', additionalSpace: '0' })
  expect(result.diskSize).toBe(Number(reference.diskSize))
  expect(nativeFsck(result.imagePath, 0).code).toBe(0)
  // The premise holds: files really got attribute blocks (debugfs "File ACL" is the block's number).
  const stats = execFileSync('debugfs', ['-f', '-', result.imagePath], {
    input: ['f0', 'f1500', `f${FILES - 1}`].map((f) => `stat /${f}\nea_get /${f} user.label\n`).join(''),
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'ignore'],
  })
  expect([...stats.matchAll(/File ACL: (\d+)/g)].map((m) => Number(m[1]) > 0)).toEqual([true, true, true])
  expect(stats.split('x'.repeat(200)).length - 1).toBe(3)
}, 600_000)
