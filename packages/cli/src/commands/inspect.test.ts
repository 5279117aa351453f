import { execFile } from 'node:child_process'
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runInspect } from './inspect.js'
import { captureIo } from '../__fixtures__/captureIo.js'

const run = promisify(execFile)
let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inspect-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const capture = captureIo

/** A 1 GiB image partitioned by parted (+ sgdisk), the real tools, like the reference's efi / legacy+boot layouts. */
async function partedImage(name: string, label: 'gpt' | 'msdos'): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, '')
  await truncate(path, 1024 * 1024 * 1024)
  if (label === 'gpt') {
    await run('parted', ['--script', path, '--', 'mklabel', 'gpt', 'mkpart', 'ESP', 'fat32', '8MiB', '257MiB', 'set', '1', 'boot', 'on', 'mkpart', 'primary', 'ext4', '257MiB', '100%'])
  } else {
    await run('parted', ['--script', path, '--', 'mklabel', 'msdos', 'mkpart', 'primary', 'fat32', '1MiB', '257MiB', 'set', '1', 'boot', 'on', 'mkpart', 'primary', 'ext4', '257MiB', '100%'])
  }
  return path
}

interface SfdiskJson {
  partitiontable: { label: string; id: string; partitions: { start: number; size: number; type: string; uuid?: string; name?: string; bootable?: boolean }[] }
}

describe('make-disk-image inspect', () => {
  it('--json reports what sfdisk reports for a GPT made by parted', async () => {
    const image = await partedImage('gpt.img', 'gpt')
    const { out, io } = capture()
    expect(await runInspect([image, '--json'], io)).toBe(0)
    const ours = JSON.parse(out.stdout)
    const sfdisk = JSON.parse((await run('sfdisk', ['--json', image])).stdout) as SfdiskJson
    expect(ours.type).toBe('gpt')
    expect(ours.diskGuid).toBe(sfdisk.partitiontable.id)
    expect(ours.partitions.map((p: { firstLba: number; lastLba: number; typeGuid: string; uniqueGuid: string; name: string }) => ({
      start: p.firstLba, size: p.lastLba - p.firstLba + 1, type: p.typeGuid, uuid: p.uniqueGuid, name: p.name,
    }))).toEqual(sfdisk.partitiontable.partitions.map(({ start, size, type, uuid, name }) => ({ start, size, type, uuid, name })))
    expect(ours.partitions[0].attributes).toBe('0x0')
  })

  it('prints a human table with sfdisk\'s numbers for an msdos disk made by parted', async () => {
    const image = await partedImage('dos.img', 'msdos')
    const { out, io } = capture()
    expect(await runInspect([image], io)).toBe(0)
    const sfdisk = JSON.parse((await run('sfdisk', ['--json', image])).stdout) as SfdiskJson
    expect(out.stdout.split('\n')[0]).toBe(`${image}: msdos, 2097152 sectors (1.0 GiB), disk signature ${sfdisk.partitiontable.id}`)
    const rows = out.stdout.trim().split('\n').slice(2).map((line) => line.split(/\s{2,}/))
    expect(rows.map((r) => (r[1] === '*' ? { start: Number(r[2]), size: Number(r[4]), bootable: true } : { start: Number(r[1]), size: Number(r[3]) }))).toEqual(
      sfdisk.partitiontable.partitions.map(({ start, size, bootable }) => (bootable ? { start, size, bootable } : { start, size })),
    )
    expect(out.stdout).toContain('0x0c W95 FAT32 (LBA)')
    expect(out.stdout).toContain('0x83 Linux')
  })

  it.each([
    ['qcow2', ['-O', 'qcow2']],
    ['qcow2 -c', ['-O', 'qcow2', '-c']],
    ['vdi', ['-O', 'vdi']],
    ['vpc', ['-O', 'vpc']],
    ['vmdk', ['-O', 'vmdk']],
  ])('reads the table inside a %s that qemu-img converted, the same as sfdisk reads from the raw image', async (label, args) => {
    const image = await partedImage(`conv-${label.replace(/\W/g, '')}.img`, 'gpt')
    const converted = `${image}.${label.replace(/\W/g, '')}`
    await run('qemu-img', ['convert', '-f', 'raw', ...args, image, converted])
    const { out, io } = capture()
    expect(await runInspect([converted, '--json'], io)).toBe(0)
    const ours = JSON.parse(out.stdout)
    const sfdisk = JSON.parse((await run('sfdisk', ['--json', image])).stdout) as SfdiskJson
    expect(ours.diskGuid).toBe(sfdisk.partitiontable.id)
    expect(ours.partitions.map((p: { firstLba: number; lastLba: number; uniqueGuid: string }) => ({ start: p.firstLba, size: p.lastLba - p.firstLba + 1, uuid: p.uniqueGuid }))).toEqual(
      sfdisk.partitiontable.partitions.map(({ start, size, uuid }) => ({ start, size, uuid })),
    )
    const human = capture()
    expect(await runInspect([converted], human.io)).toBe(0)
    expect(human.out.stdout.split('\n')[0]).toMatch(new RegExp(`\\(${label.split(' ')[0]}\\): gpt`))
  })

  it('exits 1 with the reason on an image without a table', async () => {
    const image = join(dir, 'blank.img')
    await writeFile(image, Buffer.alloc(4096))
    const { out, io } = capture()
    expect(await runInspect([image], io)).toBe(1)
    expect(out.stderr).toContain('has no partition table')
  })

  it('exits 1 when the image does not exist', async () => {
    const { out, io } = capture()
    expect(await runInspect([join(dir, 'missing.img')], io)).toBe(1)
    expect(out.stderr).toContain('ENOENT')
  })

  it('exits 2 on usage errors', async () => {
    for (const args of [[], ['a.img', 'b.img'], ['--frobnicate', 'a.img']]) {
      const { out, io } = capture()
      expect(await runInspect(args, io)).toBe(2)
      expect(out.stderr).toContain('usage: make-disk-image inspect IMAGE [--json]')
    }
  })
})
