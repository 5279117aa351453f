/**
 * Scale: a 2 TiB sparse GPT image and a tree of many small files (20,000 in
 * `npm test`; DISKIMAGE_SCALE_FILES=100000 via `npm run test:scale`). Both built by
 * the CLI as a child under /usr/bin/time: native sgdisk and e2fsck judge the
 * result, files are read back with native debugfs, and the peak RSS of the build
 * (the CLI and its WASM tools) stays far below the image size — nothing holds the
 * image in memory. The measured RSS is printed for docs/reliability.md.
 */
import { execFileSync } from 'node:child_process'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCli } from './helpers/cli.js'
import { manyFilesContent, manyFilesPath, manyFilesTree } from './helpers/manyFiles.js'
import { scratchDir } from './helpers/tempDir.js'
import { timedCli } from './helpers/timedCli.js'
import { treeForFaults } from './helpers/treeForFaults.js'

const TIB = 1024 ** 4
const MIB = 1024 ** 2
/** The bound on the peak RSS of a build: ~5x what builds measure (80-150 MiB), far below any image here. */
const RSS_BOUND = 512 * MIB

let dir: string
let cleanup: () => void
beforeAll(() => {
  ;({ dir, cleanup } = scratchDir('scale'))
  buildCli()
})
afterAll(() => cleanup())

/** Byte offset of the root partition, from native sgdisk's listing (partition 2 on efi). */
function rootOffset(image: string): number {
  const listing = execFileSync('sgdisk', ['-i', '2', image], { encoding: 'utf8' })
  return Number(/First sector: (\d+)/.exec(listing)![1]) * 512
}

describe('a 2 TiB sparse GPT image', () => {
  it('builds, is sparse, has a valid GPT (sgdisk -v) and a clean ext4 (e2fsck -fn), with bounded memory', { timeout: 600_000 }, () => {
    const root = treeForFaults(join(dir, 'root-2t'), 50, 1)
    const out = join(dir, 'out-2t')
    const run = timedCli(['--root', root, '--out', out, '--partition-table-type', 'efi', '--disk-size', String((2 * TIB) / MIB), '--no-install-boot-loader', '--quiet'])
    expect(run.status, run.stderr).toBe(0)
    const image = join(out, 'nixos.img')
    const st = statSync(image)
    expect(st.size).toBe(2 * TIB)
    expect(st.blocks * 512, 'allocated bytes: the image is sparse').toBeLessThan(4 * 1024 * MIB)
    expect(execFileSync('sgdisk', ['-v', image], { encoding: 'utf8' })).toMatch(/No problems found/)
    const offset = rootOffset(image)
    execFileSync('e2fsck', ['-fn', `${image}?offset=${offset}`], { stdio: 'pipe' })
    const blob = execFileSync('debugfs', ['-R', 'cat /usr/share/d7/f7', `${image}?offset=${offset}`], { encoding: 'utf8', stdio: 'pipe' })
    expect(blob).toBe('file 7\n'.repeat(8))
    console.log(`scale: 2 TiB GPT image, peak RSS ${(run.peakRssBytes / MIB).toFixed(1)} MiB`)
    expect(run.peakRssBytes).toBeLessThan(RSS_BOUND)
  })
})

describe('a tree of many small files', () => {
  const count = Number(process.env.DISKIMAGE_SCALE_FILES ?? 20_000)
  it(`${count} files: e2fsck clean, every inode there, sampled files equal, bounded memory`, { timeout: 1_200_000 }, () => {
    const root = manyFilesTree(join(dir, 'many'), count)
    const out = join(dir, 'out-many')
    const run = timedCli(['--root', root, '--out', out, '--partition-table-type', 'efi', '--no-install-boot-loader', '--quiet'])
    expect(run.status, run.stderr).toBe(0)
    const image = join(out, 'nixos.img')
    const device = `${image}?offset=${rootOffset(image)}`
    const fsck = execFileSync('e2fsck', ['-fn', device], { encoding: 'utf8', stdio: 'pipe' })
    // inodes in use: the files, their directories (/data, dN, eN), /etc and its passwd, /, lost+found, and the 9 reserved ones below 11.
    const dirs = 1 + Math.ceil(count / 10000) + Math.ceil(count / 1000)
    expect(Number(/(\d+)\/\d+ files/.exec(fsck)![1])).toBe(count + dirs + 2 + 10 + 1)
    const sample = Array.from({ length: 40 }, (_, k) => Math.floor((k * count) / 40) + (k % 7))
    for (const i of sample) {
      expect(execFileSync('debugfs', ['-R', `cat ${manyFilesPath(i)}`, device], { encoding: 'utf8', stdio: 'pipe' }), manyFilesPath(i)).toBe(manyFilesContent(i))
    }
    console.log(`scale: ${count}-file tree, peak RSS ${(run.peakRssBytes / MIB).toFixed(1)} MiB`)
    expect(run.peakRssBytes).toBeLessThan(RSS_BOUND)
  })
})
