import { execFile } from 'node:child_process'
import { mkdtemp, open, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { promisify } from 'node:util'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  GPT_TYPE,
  GptBackupMismatchError,
  GptCrcError,
  GptEntryArrayTooLargeError,
  GptHeaderInvalidError,
  NoPartitionTableError,
  PartitionError,
  PartitionOutOfRangeError,
  PartitionOverlapError,
  readTable,
  TruncatedImageError,
  writeTable,
  type GptTableSpec,
  type MbrTableSpec,
} from './index.js'

const run = promisify(execFile)
const T = 8192 // 4 MiB: room for a small table, fast to write many copies of
let dir: string
let n = 0

const gptSpec: GptTableSpec = {
  type: 'gpt',
  totalSectors: T,
  diskGuid: '97FD5997-F390-0B4A-A3F8-D106C1723AEA',
  partitions: [
    { firstLba: 2048, lastLba: 4095, typeGuid: GPT_TYPE.efiSystem, uniqueGuid: '1C06F03B-704E-4657-B9CD-681A087A2FDC', name: 'ESP', attributes: 0n },
    { firstLba: 4096, lastLba: 8158, typeGuid: GPT_TYPE.linuxFilesystem, uniqueGuid: 'F222513B-DED1-49FA-B591-20CE86A2FE7F', name: 'primary', attributes: 0n },
  ],
}
const mbrSpec: MbrTableSpec = {
  type: 'msdos',
  totalSectors: T,
  diskSignature: 0x12345678,
  partitions: [
    { firstLba: 2048, lastLba: 4095, type: 0x0c, bootable: true },
    { firstLba: 4096, lastLba: T - 1, type: 0x83, bootable: false },
  ],
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'read-table-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function imageWith(spec: GptTableSpec | MbrTableSpec): Promise<string> {
  const path = join(dir, `img-${n++}.img`)
  await writeFile(path, '')
  await truncate(path, spec.totalSectors * 512)
  await writeTable(path, spec)
  return path
}

async function patch(path: string, offset: number, bytes: Uint8Array): Promise<void> {
  const handle = await open(path, 'r+')
  await handle.write(bytes, 0, bytes.length, offset)
  await handle.close()
}

async function readAt(path: string, offset: number, length: number): Promise<Buffer> {
  const handle = await open(path, 'r')
  const buffer = Buffer.alloc(length)
  await handle.read(buffer, 0, length, offset)
  await handle.close()
  return buffer
}

/** Rewrites a header field and fixes the header CRC, so only the field itself is wrong. */
async function patchHeader(path: string, headerLba: number, edit: (view: DataView) => void): Promise<void> {
  const header = await readAt(path, headerLba * 512, 92)
  const view = new DataView(header.buffer, header.byteOffset, 92)
  edit(view)
  view.setUint32(16, 0, true)
  view.setUint32(16, crc32(header), true)
  await patch(path, headerLba * 512, header)
}

/** Everything a real tool prints (it reports damage on stdout or stderr, and not always in its exit code). */
async function output(command: string, args: string[]): Promise<string> {
  const { stdout, stderr } = await run(command, args).catch((e: { stdout: string; stderr: string }) => e)
  return stdout + stderr
}

/**
 * What the real tool says about the same damage: sgdisk -v must see a problem
 * too (it recovers from the backup, so it warns rather than failing).
 */
async function sgdiskSeesProblem(path: string): Promise<boolean> {
  const said = await output('sgdisk', ['-v', path])
  return !said.includes('No problems found') || /corrupt|Invalid CRC|ERROR/.test(said)
}

describe('readTable reads what writeTable wrote', () => {
  it('GPT', async () => {
    const table = await readTable(await imageWith(gptSpec))
    expect(table).toEqual({
      ...gptSpec,
      firstUsableLba: 34,
      lastUsableLba: T - 34,
      entryCount: 128,
      partitions: gptSpec.partitions.map((p, i) => ({ ...p, number: i + 1 })),
    })
  })
  it('msdos', async () => {
    const table = await readTable(await imageWith(mbrSpec))
    expect(table).toEqual({ ...mbrSpec, partitions: mbrSpec.partitions.map((p, i) => ({ ...p, number: i + 1 })) })
  })
})

describe('readTable rejects damaged tables with typed errors', () => {
  it('no 0x55AA signature', async () => {
    const path = await imageWith(mbrSpec)
    await patch(path, 510, new Uint8Array([0, 0]))
    const error = await readTable(path).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NoPartitionTableError)
    expect((error as NoPartitionTableError).message).toContain('0x0000 instead of the 0x55AA signature')
  })

  it('GPT header signature', async () => {
    const path = await imageWith(gptSpec)
    await patchHeader(path, 1, (v) => v.setUint8(0, 0x58)) // "XFI PART"
    await expect(readTable(path)).rejects.toBeInstanceOf(GptHeaderInvalidError)
    await expect(readTable(path)).rejects.toMatchObject({ data: { which: 'primary', field: 'signature' } })
  })

  it('primary header CRC', async () => {
    const path = await imageWith(gptSpec)
    await patch(path, 512 + 40, new Uint8Array([0x23])) // first usable LBA, CRC left stale
    const error = await readTable(path).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GptCrcError)
    expect((error as GptCrcError).data.structure).toBe('primary GPT header')
    expect(await sgdiskSeesProblem(path)).toBe(true)
  })

  it('entry array CRC', async () => {
    const path = await imageWith(gptSpec)
    await patch(path, 1024 + 56, new Uint8Array([0x46])) // first letter of "ESP" → "FSP"
    await expect(readTable(path)).rejects.toMatchObject({ code: 'E_GPT_CRC', data: { structure: 'primary GPT partition entry array' } })
    expect(await sgdiskSeesProblem(path)).toBe(true)
  })

  it('backup header CRC', async () => {
    const path = await imageWith(gptSpec)
    await patch(path, (T - 1) * 512 + 60, new Uint8Array([0xff]))
    await expect(readTable(path)).rejects.toMatchObject({ code: 'E_GPT_CRC', data: { structure: 'backup GPT header' } })
  })

  it('backup disagreeing with the primary', async () => {
    const path = await imageWith(gptSpec)
    await patchHeader(path, T - 1, (v) => v.setUint8(56, 0x00)) // another disk GUID, valid CRC
    const error = await readTable(path).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GptBackupMismatchError)
    expect((error as GptBackupMismatchError).data.field).toBe('disk GUID')
    expect(await sgdiskSeesProblem(path)).toBe(true)
  })

  it('too many entries (bounded read)', async () => {
    const path = await imageWith(gptSpec)
    await patchHeader(path, 1, (v) => v.setUint32(80, 0xffffffff, true))
    const error = await readTable(path).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GptEntryArrayTooLargeError)
    expect((error as Error).message).toContain('4294967295 entries')
  })

  it('overlapping partitions', async () => {
    const overlapping = { ...mbrSpec, partitions: [...mbrSpec.partitions] }
    const path = await imageWith(overlapping)
    await patch(path, 0x1be + 16 + 8, new Uint8Array([0x00, 0x0c, 0, 0])) // #2 starts at 3072, inside #1
    await patch(path, 0x1be + 16 + 12, new Uint8Array([0x00, 0x14, 0, 0]))
    const error = await readTable(path).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PartitionOverlapError)
    expect((error as PartitionOverlapError).data).toMatchObject({ first: 1, second: 2 })
    // sfdisk agrees the table is broken.
    expect(await output('sfdisk', ['--verify', path])).toContain('Partition 1: overlaps partition 2.')
  })

  it('partition beyond the end of the disk', async () => {
    const path = await imageWith(mbrSpec)
    await patch(path, 0x1be + 16 + 12, new Uint8Array([0xff, 0xff, 0x00, 0x00]))
    await expect(readTable(path)).rejects.toBeInstanceOf(PartitionOutOfRangeError)
  })

  it('truncated image (backup GPT cut off)', async () => {
    const path = await imageWith(gptSpec)
    await truncate(path, 100 * 512)
    const error = await readTable(path).catch((e: unknown) => e)
    // The primary header's own LBAs now point past the end of the file.
    expect(error).toBeInstanceOf(PartitionError)
    expect(['E_GPT_HEADER_INVALID', 'E_TRUNCATED_IMAGE']).toContain((error as PartitionError).code)
  })

  it('file shorter than one sector', async () => {
    const path = join(dir, 'tiny.img')
    await writeFile(path, Buffer.alloc(100))
    await expect(readTable(path)).rejects.toBeInstanceOf(TruncatedImageError)
  })
})

describe('readTable never crashes or hangs on random damage', () => {
  it.each([
    ['GPT', gptSpec],
    ['msdos', mbrSpec],
  ] as const)('%s: byte flips in the table areas and truncation give a table or a PartitionError', async (_, spec) => {
    const pristine = await imageWith(spec)
    const head = await readAt(pristine, 0, 34 * 512)
    const tail = await readAt(pristine, (T - 33) * 512, 33 * 512)
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 67 * 512 - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        fc.option(fc.integer({ min: 0, max: T * 512 }), { freq: 4 }),
        async (flips, truncateTo) => {
          const path = join(dir, 'fuzz.img')
          const h = Buffer.from(head)
          const t = Buffer.from(tail)
          for (const [at, value] of flips) {
            if (at < h.length) h[at] = value
            else t[at - h.length] = value
          }
          await writeFile(path, '')
          await truncate(path, T * 512)
          await patch(path, 0, h)
          await patch(path, (T - 33) * 512, t)
          if (truncateTo !== null) await truncate(path, truncateTo)
          const outcome = await readTable(path).catch((e: unknown) => e)
          if (outcome instanceof PartitionError) return
          expect(['gpt', 'msdos'], `not a table nor a PartitionError: ${String(outcome)}`).toContain((outcome as { type?: string }).type)
        },
      ),
      { numRuns: 150 },
    )
  })
})
