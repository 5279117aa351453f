import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, open, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { debugfs, e2fsck, mke2fs } from './index.js'
import { atOffset, nativeFsck } from './__fixtures__/native-debugfs.js'
import { pseudoRandomBytes } from './__fixtures__/sample-tree.js'

const GiB = 1024 ** 3
// The file system starts beyond 4 GiB in the image file and is itself larger than 4 GiB, so
// every read and write the tools make (superblock, group descriptors, inode tables, the
// journal, file data, backup superblocks up to ~9.5 GiB) needs the upper half of the 64-bit
// offset: emscripten 3.1.6 without the wasm-runtime fix would wrap them below 4 GiB.
const offset = 4 * GiB + 1024 * 1024
const fsSize = 5 * GiB
const mountPoint = '/__diskimage__/root'

let dir: string
let image: string
let payload: Buffer

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ext2fs-large-'))
  const tree = join(dir, 'tree')
  await mkdir(tree)
  payload = pseudoRandomBytes(3 * 1024 * 1024 + 5, 7)
  const fh = await open(join(tree, 'payload.bin'), 'w')
  await fh.write(payload)
  await fh.close()
  image = join(dir, 'large.img')
  await mke2fs(['-F', '-q', '-t', 'ext4', '-E', `offset=${offset}`, '-d', mountPoint, image, `${fsSize / 1024}k`], {
    vfs: { mountPoint, layers: [tree] },
  })
}, 300_000)

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('a file system larger than 4 GiB, placed beyond 4 GiB', () => {
  it('is sparse, has the right size, and nothing was written below the offset', async () => {
    const st = await stat(image)
    expect(st.size).toBe(offset + fsSize)
    expect(st.blocks * 512).toBeLessThan(1 * GiB)
    const fh = await open(image, 'r')
    try {
      // Wrapped writes would land at offset mod 2^32 = 1 MiB: that region must still be a hole.
      const low = Buffer.alloc(64 * 1024)
      await fh.read(low, 0, low.length, offset - 4 * GiB)
      expect(low.equals(Buffer.alloc(low.length))).toBe(true)
    } finally {
      await fh.close()
    }
  })

  it('native e2fsck finds it clean and native debugfs reads the file back equal', async () => {
    const fsck = nativeFsck(atOffset(image, offset))
    expect(fsck.output).not.toContain('Bad magic')
    expect(fsck.code).toBe(0)
    const out = join(dir, 'dumped.bin')
    execFileSync('debugfs', ['-R', `dump /payload.bin ${out}`, atOffset(image, offset)], { stdio: 'ignore' })
    expect((await readFile(out)).equals(payload)).toBe(true)
    const blocks = execFileSync('dumpe2fs', ['-h', atOffset(image, offset)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    expect(Number(/Block count:\s+(\d+)/.exec(blocks)?.[1]) * 4096).toBe(fsSize)
  })

  it('WASM e2fsck and WASM debugfs read it too', async () => {
    const fsck = await e2fsck(['-fn', `${image}?offset=${offset}`])
    expect(fsck.code).toBe(0)
    const cat = await debugfs(['-R', 'cat /payload.bin', `${image}?offset=${offset}`])
    expect(cat.stdoutBytes.equals(payload)).toBe(true)
  })
})
