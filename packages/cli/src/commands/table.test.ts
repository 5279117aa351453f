import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTable } from '@diskimage/partition'
import { blankImage, tableAreas, tool } from '../../../core/src/layout/__fixtures__/oracleTools.js'
import { referenceScript } from '../../../core/src/layout/__fixtures__/referenceScript.js'
import { runTable } from './table.js'
import { captureIo } from '../__fixtures__/captureIo.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'table-cmd-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const capture = captureIo

describe('make-disk-image table', () => {
  it('writes the bytes the reference commands write (efixbootldr, 1024 MiB, bootSize 300M, custom rootGPUID)', async () => {
    const rootGPUID = '0D0E0A0D-BEEF-4CAF-8BAD-F00D12345678'
    const out = join(dir, 'x.img')
    const { io } = capture()
    const args = ['--partition-table-type', 'efixbootldr', '--disk-size', '1024', '--boot-size', '300M', '--root-gpuid', rootGPUID, out]
    expect(await runTable(args, io)).toBe(0)

    const ref = join(dir, 'x.ref.img')
    await blankImage(ref, 1024 * 1024 * 1024)
    const script = referenceScript({ partitionTableType: 'efixbootldr', bootSize: '300M', deterministic: true, rootGPUID, fixLegacyGptRootGuid: true })
    expect((await tool('bash', ['-c', script, 'reference', ref])).code).toBe(0)
    const [ours, theirs] = await Promise.all([tableAreas(out, 2097152), tableAreas(ref, 2097152)])
    expect(ours.head.equals(theirs.head)).toBe(true)
    expect(ours.tail.equals(theirs.tail)).toBe(true)

    const info = await stat(out)
    expect(info.size).toBe(1024 * 1024 * 1024)
    expect(info.blocks * 512).toBeLessThan(1024 * 1024) // sparse
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })

  it('reads --boot-size as numfmt --from=iec does (fractions round up): 8.5M on hybrid, 512 MiB', async () => {
    const out = join(dir, 'h.img')
    expect(await runTable(['--partition-table-type', 'hybrid', '--disk-size', '512', '--boot-size', '8.5M', out], capture().io)).toBe(0)
    const ref = join(dir, 'h.ref.img')
    await blankImage(ref, 512 * 1024 * 1024)
    const script = referenceScript({ partitionTableType: 'hybrid', bootSize: '8.5M', deterministic: true, rootGPUID: 'F222513B-DED1-49FA-B591-20CE86A2FE7F', fixLegacyGptRootGuid: true })
    expect((await tool('bash', ['-c', script, 'reference', ref])).code).toBe(0)
    const [ours, theirs] = await Promise.all([tableAreas(out, 1048576), tableAreas(ref, 1048576)])
    expect(ours.head.equals(theirs.head) && ours.tail.equals(theirs.tail)).toBe(true)
  })

  it('--no-deterministic draws fresh GUIDs', async () => {
    const a = join(dir, 'a.img')
    const b = join(dir, 'b.img')
    for (const out of [a, b]) expect(await runTable(['--partition-table-type', 'efi', '--disk-size', '512', '--no-deterministic', out], capture().io)).toBe(0)
    const [ta, tb] = [await readTable(a), await readTable(b)]
    expect(ta.type === 'gpt' && tb.type === 'gpt' && ta.diskGuid !== tb.diskGuid).toBe(true)
    expect(ta.type === 'gpt' && ta.partitions[1]!.uniqueGuid).not.toBe('F222513B-DED1-49FA-B591-20CE86A2FE7F')
  })

  it('none writes a blank sparse image of the size', async () => {
    const out = join(dir, 'none.img')
    expect(await runTable(['--partition-table-type', 'none', '--disk-size', '8', out], capture().io)).toBe(0)
    const bytes = await readFile(out)
    expect(bytes.length).toBe(8 * 1024 * 1024)
    expect(bytes.every((b) => b === 0)).toBe(true)
  })

  it('exits 1 with what to change when the layout does not fit, leaving OUT and the directory untouched', async () => {
    const out = join(dir, 'keep.img')
    await writeFile(out, 'previous contents')
    const { out: printed, io } = capture()
    expect(await runTable(['--partition-table-type', 'efi', '--disk-size', '100', '--boot-size', '7M', out], io)).toBe(1)
    expect(printed.stderr).toContain('set bootSize to at least 8M')
    expect(await readFile(out, 'utf8')).toBe('previous contents')
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([])

    const tooSmall = capture()
    expect(await runTable(['--partition-table-type', 'efi', '--disk-size', '100', out], tooSmall.io)).toBe(1)
    expect(tooSmall.out.stderr).toContain('Set diskSize to at least 258 MiB')
  })

  it('checks its result with the real tools', async () => {
    const out = join(dir, 'check.img')
    expect(await runTable(['--partition-table-type', 'hybrid', '--disk-size', '300', out], capture().io)).toBe(0)
    expect((await tool('sgdisk', ['-v', out])).stdout).toContain('No problems found.')
    expect((await tool('sfdisk', ['--verify', out])).stdout).toContain('No errors detected.')
  })

  it.each([
    [[], '--partition-table-type is missing'],
    [['--partition-table-type', 'gpt', '--disk-size', '64', 'o.img'], '--partition-table-type is "gpt"; use one of none, legacy'],
    [['--partition-table-type', 'efi', 'o.img'], '--disk-size is missing'],
    [['--partition-table-type', 'efi', '--disk-size', '1.5', 'o.img'], '--disk-size is "1.5"; give a positive whole number of MiB'],
    [['--partition-table-type', 'efi', '--disk-size', '64', '--boot-size', '12Q', 'o.img'], '--boot-size is "12Q"'],
    [['--partition-table-type', 'efi', '--disk-size', '64', '--boot-size=-1M', 'o.img'], '--boot-size is "-1M"'],
    [['--partition-table-type', 'efi', '--disk-size', '64', '--root-gpuid', 'nope', 'o.img'], '--root-gpuid is "nope"'],
    [['--partition-table-type', 'efi', '--disk-size', '64'], 'give exactly one OUT.img'],
    [['--partition-table-type', 'efi', '--disk-size', '64', '--colour', 'o.img'], "Unknown option '--colour'"],
  ])('exits 2 on usage errors: %j', async (args, message) => {
    const { out, io } = capture()
    expect(await runTable(args, io)).toBe(2)
    expect(out.stderr).toContain(message)
    expect(out.stderr).toContain('usage: make-disk-image table')
  })
})
