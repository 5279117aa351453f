/**
 * `split` against dd: every file it writes must equal `dd` of the same sectors
 * of the raw image, where the sectors come from sfdisk (partitions) and the
 * on-disk GPT layout (LBA 0, 1..33, T-33..T-1) — for a raw input and for the
 * qcow2 / vdi / vhd qemu-img makes of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildImage, layout, splitImage, DEFAULT_ROOT_GPUID } from '@diskimage/core'
import { writeTable } from '@diskimage/partition'
import { generateTree } from './helpers/generateTree.js'
import { buildCli, CLI } from './reliability/helpers/cli.js'

let work: string
let efiImage: string
let msdosImage: string

const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: 'pipe' })
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

/** sha256 of `count` sectors at sector `skip` of `image`, read by dd. */
function ddSha(image: string, skip: number, count: number): string {
  const out = join(work, `dd-${skip}-${count}.bin`)
  sh('dd', [`if=${image}`, `of=${out}`, 'bs=512', `skip=${skip}`, `count=${count}`, 'status=none'])
  const digest = sha(out)
  rmSync(out)
  return digest
}

/** What each file of a split must hold, as sector ranges from sfdisk. */
function expectedPieces(image: string): Record<string, [number, number]> {
  const t = (JSON.parse(sh('sfdisk', ['--json', image])) as { partitiontable: { label: string; lastlba?: number; partitions: Array<{ node: string; start: number; size: number }> } }).partitiontable
  const pieces: Record<string, [number, number]> = { 'mbr.bin': [0, 1] }
  if (t.label === 'gpt') {
    const total = t.lastlba! + 34
    pieces['gpt-primary.bin'] = [1, 33]
    pieces['gpt-backup.bin'] = [total - 33, 33]
  }
  for (const p of t.partitions) pieces[`partition-${/(\d+)$/.exec(p.node)![1]}.img`] = [p.start, p.size]
  return pieces
}

function expectSplitEqualsDd(raw: string, dir: string): void {
  const pieces = expectedPieces(raw)
  expect(readdirSync(dir).sort()).toEqual([...Object.keys(pieces), 'regions.json'].sort())
  for (const [file, [skip, count]] of Object.entries(pieces)) expect(sha(join(dir, file)), file).toBe(ddSha(raw, skip, count))
}

beforeAll(async () => {
  buildCli()
  work = mkdtempSync(join(tmpdir(), 'split-test-'))
  const esp = join(work, 'esp')
  mkdirSync(join(esp, 'EFI/BOOT'), { recursive: true })
  writeFileSync(join(esp, 'EFI/BOOT/BOOTX64.EFI'), randomBytes(30_000))
  const built = await buildImage({ root: generateTree(join(work, 'tree')), out: join(work, 'out'), partitionTableType: 'efi', additionalSpace: '16M', bootSize: '64M', installBootLoader: false, espContents: esp })
  efiImage = built.imagePath

  // An msdos table with data in both partitions and between them.
  msdosImage = join(work, 'msdos.img')
  writeFileSync(msdosImage, '')
  sh('truncate', ['-s', '64M', msdosImage])
  const { table } = layout({ partitionTableType: 'legacy+boot', bootSize: 16 * 2 ** 20, deterministic: true, rootGPUID: DEFAULT_ROOT_GPUID }, 64 * 2 ** 20)
  await writeTable(msdosImage, table!)
  for (const seek of [2048, 30000, 34815, 34816, 131071]) {
    writeFileSync(join(work, 'noise'), randomBytes(512))
    sh('dd', [`if=${join(work, 'noise')}`, `of=${msdosImage}`, 'bs=512', `seek=${seek}`, 'conv=notrunc', 'status=none'])
  }
}, 300_000)

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true })
})

describe('split equals dd of the same sectors', () => {
  it('of a GPT image (efi): MBR, primary and backup GPT, ESP, root', async () => {
    const dir = join(work, 'split-efi')
    const pieces = await splitImage(efiImage, dir)
    expectSplitEqualsDd(efiImage, dir)
    expect(JSON.parse(readFileSync(join(dir, 'regions.json'), 'utf8'))).toEqual(pieces)
    // The pieces are file systems the native tools accept as they are.
    sh('e2fsck', ['-fn', join(dir, 'partition-2.img')])
    sh('fsck.fat', ['-n', join(dir, 'partition-1.img')])
  })

  it('of an msdos image (legacy+boot)', async () => {
    const dir = join(work, 'split-msdos')
    await splitImage(msdosImage, dir)
    expectSplitEqualsDd(msdosImage, dir)
  })

  it.each([['qcow2'], ['vdi'], ['vpc']])('of the %s qemu-img makes of the GPT image', async (format) => {
    const converted = join(work, `efi.${format}`)
    sh('qemu-img', ['convert', '-O', format, ...(format === 'vpc' ? ['-o', 'force_size=on'] : []), efiImage, converted])
    const dir = join(work, `split-${format}`)
    await splitImage(converted, dir)
    expectSplitEqualsDd(efiImage, dir)
    rmSync(converted)
  }, 120_000)

  it('of an image without a table: the whole disk', async () => {
    const image = join(work, 'bare.img')
    sh('truncate', ['-s', '8M', image])
    sh('mkfs.ext4', ['-q', '-F', image])
    const dir = join(work, 'split-bare')
    await splitImage(image, dir)
    expect(readdirSync(dir).sort()).toEqual(['regions.json', 'whole-disk.img'])
    expect(sha(join(dir, 'whole-disk.img'))).toBe(ddSha(image, 0, 16384))
  })
})

describe('make-disk-image split', () => {
  const cli = (args: string[]) => {
    try {
      return { code: 0, stdout: execFileSync(process.execPath, [CLI, 'split', ...args], { encoding: 'utf8', stdio: 'pipe' }) }
    } catch (error) {
      const e = error as { status: number; stdout: string }
      return { code: e.status, stdout: e.stdout }
    }
  }

  it('prints one line per file and exits 0; 2 without --out; 1 for an image it cannot read, leaving nothing behind', () => {
    const dir = join(work, 'cli-split')
    const ok = cli([msdosImage, '--out', dir])
    expect(ok.code).toBe(0)
    expect(ok.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0])).toEqual(['mbr.bin', 'partition-1.img', 'partition-2.img'])
    expectSplitEqualsDd(msdosImage, dir)
    expect(cli([msdosImage]).code).toBe(2)
    const missing = join(work, 'cli-missing')
    expect(cli([join(work, 'no-such.img'), '--out', missing]).code).toBe(1)
    expect(existsSync(missing) ? readdirSync(missing) : []).toEqual([])
  })
})
