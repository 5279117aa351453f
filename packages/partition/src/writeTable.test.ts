import { execFile } from 'node:child_process'
import { mkdtemp, open, rm, stat, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  encodeTable,
  GPT_TYPE,
  ImageSizeMismatchError,
  InvalidGuidError,
  InvalidTableSpecError,
  MbrLimitExceededError,
  PartitionOutOfRangeError,
  PartitionOverlapError,
  readTable,
  ShortWriteError,
  writeTable,
  type GptPartitionSpec,
  type GptTableSpec,
  type MbrTableSpec,
} from './index.js'

const run = promisify(execFile)
let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'write-table-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const MiB = 1024 * 1024
const entry = (firstLba: number, lastLba: number, name = 'p'): GptPartitionSpec => ({
  firstLba,
  lastLba,
  typeGuid: GPT_TYPE.linuxFilesystem,
  uniqueGuid: 'F222513B-DED1-49FA-B591-20CE86A2FE7F',
  name,
  attributes: 0n,
})
const gpt = (totalSectors: number, partitions: GptPartitionSpec[]): GptTableSpec => ({
  type: 'gpt',
  totalSectors,
  diskGuid: '97FD5997-F390-0B4A-A3F8-D106C1723AEA',
  partitions,
})

async function blank(name: string, bytes: number): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, '')
  await truncate(path, bytes)
  return path
}

describe('writeTable touches only the table sectors', () => {
  it('keeps every other byte and keeps a 3 TiB image sparse', async () => {
    const totalSectors = 3 * 1024 * 1024 * 2048
    const path = await blank('big.img', totalSectors * 512)
    const markers = [34 * 512, 2048 * 512, 1e12, (totalSectors - 34) * 512]
    const handle = await open(path, 'r+')
    for (const at of markers) await handle.write(Buffer.from('marker'), 0, 6, at)
    await handle.close()

    await writeTable(path, gpt(totalSectors, [entry(2048, totalSectors - 2049)]))

    const check = await open(path, 'r')
    for (const at of markers) {
      const b = Buffer.alloc(6)
      await check.read(b, 0, 6, at)
      expect(b.toString()).toBe('marker')
    }
    await check.close()
    // Allocated blocks: the table areas and the markers, not the 3 TiB.
    expect((await stat(path)).blocks * 512).toBeLessThan(MiB)
    const { stdout } = await run('sgdisk', ['-v', path])
    expect(stdout).toContain('No problems found.')
  })

  it('writes through a FileHandle the caller owns, and leaves it open', async () => {
    const path = await blank('handle.img', 64 * MiB)
    const handle = await open(path, 'r+')
    await writeTable(handle, gpt(131072, [entry(2048, 131038)]))
    expect((await handle.stat()).size).toBe(64 * MiB) // still usable
    await handle.close()
    expect((await readTable(path)).type).toBe('gpt')
  })
})

describe('writeTable refuses bad descriptions before writing anything', () => {
  it('an image whose size does not match totalSectors', async () => {
    const path = await blank('small.img', 32 * MiB)
    const error = await writeTable(path, gpt(131072, [])).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ImageSizeMismatchError)
    expect((error as Error).message).toContain('truncate')
    const { blocks } = await stat(path)
    expect(blocks).toBe(0) // nothing written
  })

  it.each([
    ['overlap', gpt(131072, [entry(2048, 4096), entry(4096, 8191)]), PartitionOverlapError, 'overlaps partition 2'],
    ['start in the primary table area', gpt(131072, [entry(33, 4095)]), PartitionOutOfRangeError, 'within 34..131038'],
    ['end in the backup table area', gpt(131072, [entry(2048, 131039)]), PartitionOutOfRangeError, 'within 34..131038'],
    ['end before start', gpt(131072, [entry(4096, 2048)]), PartitionOutOfRangeError, 'end at or after their start'],
    ['name of 37 UTF-16 units', gpt(131072, [entry(2048, 4095, 'x'.repeat(37))]), InvalidTableSpecError, 'at most 36 UTF-16 code units'],
    ['129 partitions', gpt(131072, Array.from({ length: 129 }, (_, i) => entry(2048 + i, 2048 + i))), InvalidTableSpecError, 'at most 128'],
    ['a malformed GUID', { ...gpt(131072, []), diskGuid: '97FD5997-D90B-4AA3-8D16-C1723AEA73C' }, InvalidGuidError, 'diskGuid is "97FD5997-D90B-4AA3-8D16-C1723AEA73C"'],
  ] as const)('GPT: %s', (_, spec, errorClass, message) => {
    expect(() => encodeTable(spec as GptTableSpec)).toThrow(errorClass)
    expect(() => encodeTable(spec as GptTableSpec)).toThrow(message)
  })

  const mbr = (partitions: MbrTableSpec['partitions'], totalSectors = 131072): MbrTableSpec => ({ type: 'msdos', totalSectors, diskSignature: 1, partitions })
  it.each([
    ['5 partitions', mbr(Array.from({ length: 5 }, (_, i) => ({ firstLba: 2048 * (i + 1), lastLba: 2048 * (i + 1) + 1, type: 0x83, bootable: false }))), InvalidTableSpecError, 'at most 4 primary partitions'],
    ['a partition of 2^32 sectors', mbr([{ firstLba: 2048, lastLba: 2048 + 2 ** 32 - 1, type: 0x83, bootable: false }], 2 ** 33), MbrLimitExceededError, 'use a GPT table'],
    ['a type byte of 0', mbr([{ firstLba: 2048, lastLba: 4095, type: 0, bootable: false }]), InvalidTableSpecError, '0x01..0xFF'],
    ['a partition past the end', mbr([{ firstLba: 2048, lastLba: 131072, type: 0x83, bootable: false }]), PartitionOutOfRangeError, 'within 1..131071'],
  ] as const)('msdos: %s', (_, spec, errorClass, message) => {
    expect(() => encodeTable(spec)).toThrow(errorClass)
    expect(() => encodeTable(spec)).toThrow(message)
  })
})

describe('writeTable checks short writes', () => {
  it('throws ShortWriteError when the system stops accepting bytes', async () => {
    // A FileHandle whose writes make no progress (as on a full disk).
    const stuck = {
      fd: 99,
      stat: async () => ({ size: 64 * MiB }),
      write: async () => ({ bytesWritten: 0 }),
    } as unknown as import('node:fs/promises').FileHandle
    const error = await writeTable(stuck, gpt(131072, [])).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ShortWriteError)
    expect((error as ShortWriteError).data).toMatchObject({ offset: 0, expected: 512, written: 0 })
    expect((error as Error).message).toContain('free disk space')
  })
})
