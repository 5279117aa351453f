import { createHash } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mke2fs, type VfsManifest } from './index.js'
import { nativeFsck } from './__fixtures__/native-debugfs.js'
import { writeSampleTree } from './__fixtures__/sample-tree.js'

const mountPoint = '/__diskimage__/root'
const epoch = 1_700_000_000
let dir: string
let tree: string
let copy: string

/** Everything that makes two builds the same: fixed ids, fixed time, uniform owners/times. */
async function buildImage(root: string, name: string): Promise<string> {
  const image = join(dir, name)
  const vfs: VfsManifest = { mountPoint, layers: [root], owner: { uid: 0, gid: 0 }, mtimeClamp: epoch, uniformTimes: true }
  await mke2fs(
    ['-F', '-q', '-t', 'ext4', '-U', '44444444-4444-4444-8888-888888888888',
      '-E', 'hash_seed=66666666-6666-4666-8666-666666666666', '-d', mountPoint, image, '24M'],
    { vfs, env: { SOURCE_DATE_EPOCH: String(epoch), E2FSPROGS_FAKE_TIME: String(epoch) } },
  )
  return image
}
const sha256 = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex')

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ext2fs-deterministic-'))
  tree = join(dir, 'tree')
  copy = join(dir, 'copy')
  await writeSampleTree(tree)
  // cp -a keeps mtimes but gives new inode numbers, ctimes and directory order on disk.
  execFileSync('cp', ['-a', tree, copy])
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('deterministic mke2fs -d', () => {
  it('two runs on the same tree, seconds apart, and a run on a cp -a copy give identical bytes', async () => {
    const first = await buildImage(tree, 'first.img')
    await sleep(1100) // a leaked clock would show up as a different second
    const second = await buildImage(tree, 'second.img')
    const fromCopy = await buildImage(copy, 'copy.img')
    expect(nativeFsck(first).code).toBe(0)
    const digest = await sha256(first)
    expect(await sha256(second)).toBe(digest)
    expect(await sha256(fromCopy)).toBe(digest)
  })
})
