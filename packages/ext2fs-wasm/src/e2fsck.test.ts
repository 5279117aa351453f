import { execFileSync } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { e2fsck, mke2fs } from './index.js'
import { nativeFsck } from './__fixtures__/native-debugfs.js'

const allCodes = [0, 1, 2, 4, 8, 12, 16, 32, 128]
const mountPoint = '/__diskimage__/root'
let dir: string
let clean: string

// Each corruption is made by native debugfs -w, the way upstream's f_* tests make theirs.
const corruptions: [string, string][] = [
  ['a directory entry pointing at a cleared inode', 'clri /dir/file'],
  ['a wrong link count', 'sif /dir/file links_count 5'],
  ['a block bitmap with a used block marked free', 'freeb 1000 200'],
  ['a duplicate-block inode', 'sif /dir/other block[0] 0'],
]

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'e2fsck-'))
  const tree = join(dir, 'tree')
  await mkdir(join(tree, 'dir'), { recursive: true })
  await writeFile(join(tree, 'dir/file'), 'x'.repeat(10_000))
  await writeFile(join(tree, 'dir/other'), 'y'.repeat(10_000))
  clean = join(dir, 'clean.img')
  await mke2fs(['-F', '-q', '-t', 'ext4', '-O', '^metadata_csum', '-d', mountPoint, clean, '8M'], {
    vfs: { mountPoint, layers: [tree] },
  })
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('WASM e2fsck exit codes equal the native ones', () => {
  it('on a clean file system (-fn and -fy)', async () => {
    for (const flags of ['-fn', '-fy']) {
      const wasm = await e2fsck([flags, clean], { okCodes: allCodes })
      expect(wasm.code).toBe(nativeFsck(clean, flags).code)
      expect(wasm.code).toBe(0)
    }
  })

  for (const [name, command] of corruptions) {
    it(`on ${name}: -fn reports, -fy repairs`, async () => {
      const slug = command.split(' ')[0] as string
      const broken = join(dir, `broken-${slug}.img`)
      await copyFile(clean, broken)
      execFileSync('debugfs', ['-w', '-R', command, broken], { stdio: 'ignore' })
      const nativeN = nativeFsck(broken, '-fn').code
      const wasmN = await e2fsck(['-fn', broken], { okCodes: allCodes })
      expect(nativeN).not.toBe(0)
      expect(wasmN.code).toBe(nativeN)

      const wasmFixed = join(dir, `wasm-fixed-${slug}.img`)
      const nativeFixed = join(dir, `native-fixed-${slug}.img`)
      await copyFile(broken, wasmFixed)
      await copyFile(broken, nativeFixed)
      const wasmY = await e2fsck(['-fy', wasmFixed], { okCodes: allCodes })
      expect(wasmY.code).toBe(nativeFsck(nativeFixed, '-fy').code)
      expect(nativeFsck(wasmFixed, '-fn').code).toBe(0)
    })
  }
})
