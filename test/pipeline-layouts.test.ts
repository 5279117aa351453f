import { beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { chownSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildImage, LAYOUT_TABLE_TYPES, type LayoutTableType } from '@diskimage/core'
import { referenceScript } from '../packages/core/src/layout/__fixtures__/referenceScript.js'
import { blankImage, tableAreas, tool } from '../packages/core/src/layout/__fixtures__/oracleTools.js'
import { generateTree } from './helpers/generateTree.js'
import { expectRootFsEquals, nativeFsckFat, tableOf } from './helpers/checkImage.js'
import { statInImage } from './helpers/readBackExt4.js'

const isRoot = process.getuid?.() === 0
let work: string
let tree: string
let contentsDir: string

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'pipeline-'))
  tree = generateTree(join(work, 'tree'), { fifo: true })
  // Files owned by someone else than the builder must keep their owner (as root we can make some).
  if (isRoot) chownSync(join(tree, 'names/grüße-ñ-日本語.txt'), 1234, 5678)
  contentsDir = join(work, 'contents')
  mkdirSync(join(contentsDir, 'app/lib'), { recursive: true })
  writeFileSync(join(contentsDir, 'motd'), 'welcome\n')
  writeFileSync(join(contentsDir, 'app/run'), '#!/bin/sh\n')
  writeFileSync(join(contentsDir, 'app/lib/x.so'), 'elf\n')
})

const SECTOR = 512

async function expectTableEqualsReference(image: string, type: LayoutTableType, diskBytes: number): Promise<void> {
  if (type === 'none') return
  const ref = join(work, `ref-${type}.img`)
  await blankImage(ref, diskBytes)
  const script = referenceScript({ partitionTableType: type, bootSize: '256M', deterministic: true, rootGPUID: 'F222513B-DED1-49FA-B591-20CE86A2FE7F', fixLegacyGptRootGuid: true })
  const r = await tool('bash', ['-c', script, 'ref', ref])
  expect(r.code, r.stderr).toBe(0)
  const T = diskBytes / SECTOR
  const ours = await tableAreas(image, T)
  const theirs = await tableAreas(ref, T)
  if (type === 'legacy' || type === 'legacy+boot') {
    // msdos: parted's boot stub (0..0x1B7) and random signature (0x1B8..0x1BB) differ by design (docs/partition-tables.md)
    expect(ours.head.subarray(0x1bc, 512)).toEqual(theirs.head.subarray(0x1bc, 512))
    expect(ours.head.subarray(0, 0x1b8).every((b) => b === 0)).toBe(true)
    expect((await tool('sfdisk', ['--verify', image])).code).toBe(0)
  } else {
    expect(ours.head.equals(theirs.head), 'first 34 sectors equal to parted+sgdisk').toBe(true)
    expect(ours.tail.equals(theirs.tail), 'last 33 sectors equal to parted+sgdisk').toBe(true)
    const v = await tool('sgdisk', ['-v', image])
    expect(v.stdout).toMatch(/No problems found/)
  }
}

describe.each(LAYOUT_TABLE_TYPES.map((t) => [t]))('buildImage, layout %s', (type) => {
  it('writes a table equal to the reference, clean file systems, and every file back equal', async () => {
    const out = join(work, `out-${type}`)
    const result = await buildImage({
      root: tree,
      out,
      partitionTableType: type,
      additionalSpace: '32M',
      installBootLoader: false,
      contents: [
        { source: join(contentsDir, 'motd'), target: '/etc/motd', mode: '640', user: 'alice', group: 'wheel' },
        { source: join(contentsDir, 'app'), target: '/opt/app', user: 'svc', group: 'svcgrp' },
      ],
    })
    expect(result.imagePath).toBe(join(out, 'nixos.img'))
    expect(readFileSync(join(out, 'nix-support/hydra-build-products'), 'utf8')).toBe(`file raw-image ${join(out, 'nixos.img')}\n`)
    await expectTableEqualsReference(result.imagePath, type, result.diskSize)

    const root = result.layout.partitions.find((p) => p.role === 'root')
    const rootOffset = root ? root.firstLba * SECTOR : 0
    if (type !== 'none') {
      const table = await tableOf(result.imagePath)
      expect(table.partitions.map((p) => [p.firstLba, p.lastLba])).toEqual(result.layout.partitions.map((p) => [p.firstLba, p.lastLba]))
    }
    expectRootFsEquals(result.imagePath, rootOffset, tree, {}, ['/etc/motd', '/opt', '/opt/app', '/opt/app/lib', '/opt/app/lib/x.so', '/opt/app/run'])

    const facts = statInImage(result.imagePath, rootOffset, ['/etc/motd', '/opt/app', '/opt/app/lib/x.so', '/opt'])
    expect(facts.get('/etc/motd')).toMatchObject({ uid: 1000, gid: 10, mode: 0o640 })
    expect(facts.get('/opt/app')).toMatchObject({ uid: 123, gid: 456 })
    expect(facts.get('/opt/app/lib/x.so')).toMatchObject({ uid: 123, gid: 456 })
    expect(facts.get('/opt')).toMatchObject({ mode: 0o755 })

    for (const p of result.layout.partitions.filter((p) => p.role === 'esp' || p.role === 'boot')) {
      const offset = p.firstLba * SECTOR
      const length = (p.lastLba - p.firstLba + 1) * SECTOR
      const fsck = nativeFsckFat(result.imagePath, offset, length)
      expect(fsck.code, fsck.output).toBe(0)
      const label = execFileSync('mlabel', ['-s', '-i', `${result.imagePath}@@${offset}`, '::'], { encoding: 'utf8', env: { ...process.env, MTOOLS_SKIP_CHECK: '1' } })
      expect(label).toMatch(p.role === 'esp' ? /ESP/ : /BOOT/)
    }
  })
})

describe('buildImage beyond the basic layouts', () => {
  it('carries a 5 GiB sparse file and fills the ESP from espContents (efi)', async () => {
    const big = generateTree(join(work, 'big-tree'), { bigSparseBytes: 5 * 1024 ** 3 })
    const esp = join(work, 'esp')
    mkdirSync(join(esp, 'EFI/BOOT'), { recursive: true })
    writeFileSync(join(esp, 'EFI/BOOT/BOOTX64.EFI'), Buffer.alloc(70000, 0x4d))
    writeFileSync(join(esp, 'loader.conf'), 'timeout 0\n')
    const out = join(work, 'out-big')
    const result = await buildImage({ root: big, out, partitionTableType: 'efi', additionalSpace: '64M', installBootLoader: false, espContents: esp })
    const root = result.layout.partitions.find((p) => p.role === 'root')!
    expectRootFsEquals(result.imagePath, root.firstLba * SECTOR, big, {}, [], ['/big-sparse.img'])
    const espPart = result.layout.partitions.find((p) => p.role === 'esp')!
    const back = join(work, 'esp-back')
    execFileSync('mcopy', ['-s', '-i', `${result.imagePath}@@${espPart.firstLba * SECTOR}`, '::/', back], { env: { ...process.env, MTOOLS_SKIP_CHECK: '1' } })
    expect(readFileSync(join(back, 'EFI/BOOT/BOOTX64.EFI')).equals(readFileSync(join(esp, 'EFI/BOOT/BOOTX64.EFI')))).toBe(true)
    expect(readFileSync(join(back, 'loader.conf'), 'utf8')).toBe('timeout 0\n')
    const fsck = nativeFsckFat(result.imagePath, espPart.firstLba * SECTOR, (espPart.lastLba - espPart.firstLba + 1) * SECTOR)
    expect(fsck.code, fsck.output).toBe(0)
  })
})
