import { execFileSync } from 'node:child_process'
import { copyFile, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mke2fs, tune2fs } from './index.js'
import { nativeFsck } from './__fixtures__/native-debugfs.js'

let dir: string
let image: string

const dumpe2fs = (img: string): string =>
  execFileSync('dumpe2fs', ['-h', img], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'ignore'] })
const field = (dump: string, name: string): string | undefined =>
  new RegExp(`^${name}:\\s+(.*)$`, 'm').exec(dump)?.[1]?.trim()
// Times and the superblock checksum (which covers them) differ between any two runs.
const withoutTimes = (dump: string): string =>
  dump.split('\n').filter((l) => !/time|Last |Checksum:|Lifetime writes/i.test(l)).join('\n')

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tune2fs-'))
  image = join(dir, 'fs.img')
  await mke2fs(['-F', '-q', '-t', 'ext4', image, '16M'])
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('the shipped mke2fs.conf', () => {
  it('gives ext4 the features GRUB 2.06 and Linux 5.10 read, and none they do not', () => {
    const features = field(dumpe2fs(image), 'Filesystem features')?.split(' ') ?? []
    for (const f of ['has_journal', 'extent', '64bit', 'flex_bg', 'metadata_csum', 'dir_nlink', 'extra_isize', 'huge_file']) {
      expect(features).toContain(f)
    }
    for (const f of ['metadata_csum_seed', 'orphan_file', 'large_dir', 'inline_data', 'encrypt', 'casefold']) {
      expect(features).not.toContain(f)
    }
  })
})

describe('WASM tune2fs', () => {
  const cases: [string, string[]][] = [
    ['-U on a metadata_csum file system, stdin not a terminal', ['-U', '2c4a8f0e-6d59-4c3b-9a51-0f7e3d2b1a90']],
    ['-c 0 -i 0', ['-c', '0', '-i', '0']],
    ['-T (last checked)', ['-T', '20200102']],
    ['-L', ['-L', 'nixos']],
  ]
  for (const [name, args] of cases) {
    it(`${name}: same result as native tune2fs, native e2fsck clean`, async () => {
      const wasmImg = join(dir, `wasm-${args[0]}.img`)
      const nativeImg = join(dir, `native-${args[0]}.img`)
      await copyFile(image, wasmImg)
      await copyFile(image, nativeImg)
      const result = await tune2fs([...args, wasmImg])
      expect(result.code).toBe(0)
      execFileSync('tune2fs', [...args, nativeImg], { stdio: 'ignore' })
      const wasmDump = dumpe2fs(wasmImg)
      expect(withoutTimes(wasmDump)).toBe(withoutTimes(dumpe2fs(nativeImg)))
      expect(nativeFsck(wasmImg).code).toBe(0)
      if (args[0] === '-U') expect(field(wasmDump, 'Filesystem UUID')).toBe(args[1])
      if (args[0] === '-c') {
        expect(field(wasmDump, 'Maximum mount count')).toBe('-1')
        expect(field(wasmDump, 'Check interval')).toBe('0 (<none>)')
      }
      if (args[0] === '-T') expect(field(wasmDump, 'Last checked')).toBe('Thu Jan  2 00:00:00 2020')
    })
  }
})
