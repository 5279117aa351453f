import { execFile } from 'node:child_process'
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTable, writeTable } from '@diskimage/partition'
import { BootSizeTooSmallError } from './errors/BootSizeTooSmallError.js'
import { DiskSizeNotAlignedError } from './errors/DiskSizeNotAlignedError.js'
import { DiskTooSmallError } from './errors/DiskTooSmallError.js'
import { MsdosDiskTooLargeError } from './errors/MsdosDiskTooLargeError.js'
import { checkLayoutFits } from './checkLayoutFits.js'
import { layout, rootRegion } from './layout.js'
import { deterministicDiskSignature, DISK_SIGNATURE_DOMAIN, REFERENCE_DISK_GUID } from './referenceIdentifiers.js'
import type { LayoutRequest } from './types.js'

const run = promisify(execFile)
const MiB = 1024 * 1024
const ROOT = 'F222513B-DED1-49FA-B591-20CE86A2FE7F'
const request = (partitionTableType: LayoutRequest['partitionTableType'], bootSize = 256 * MiB, deterministic = true): LayoutRequest => ({
  partitionTableType,
  bootSize,
  deterministic,
  rootGPUID: ROOT,
})

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'layout-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('reference identifiers, from the real tools', () => {
  it('REFERENCE_DISK_GUID is what sgdisk writes for the reference\'s 35-character literal', async () => {
    const path = join(dir, 'guid.img')
    await writeFile(path, '')
    await truncate(path, 64 * MiB)
    await writeTable(path, layout(request('efi', 8 * MiB, false), 64 * MiB).table!)
    await run('sgdisk', ['--disk-guid=97FD5997-D90B-4AA3-8D16-C1723AEA73C', path])
    const { stdout } = await run('sgdisk', ['-p', path])
    expect(stdout).toContain(`Disk identifier (GUID): ${REFERENCE_DISK_GUID}`)
    const table = await readTable(path)
    expect(table.type === 'gpt' && table.diskGuid).toBe(REFERENCE_DISK_GUID)
  })

  it('the msdos signature is the documented SHA-256 formula (checked with sha256sum)', async () => {
    const { stdout } = await run('sh', ['-c', `printf '%s' "$1" | sha256sum`, 'sh', `${DISK_SIGNATURE_DOMAIN}${ROOT}`])
    const firstWordLittleEndian = Buffer.from(stdout.slice(0, 8), 'hex').readUInt32LE(0)
    expect(deterministicDiskSignature(ROOT)).toBe(firstWordLittleEndian)
    expect(deterministicDiskSignature(ROOT.toLowerCase())).toBe(firstWordLittleEndian)
    expect(deterministicDiskSignature('00000000-0000-0000-0000-000000000001')).not.toBe(firstWordLittleEndian)
  })
})

describe('layout', () => {
  it('puts rootGPUID on the root partition of every GPT layout, legacy+gpt included', () => {
    const custom = 'ABCDEF01-2345-6789-ABCD-EF0123456789'
    for (const type of ['legacy+gpt', 'efi', 'efixbootldr', 'hybrid'] as const) {
      const result = layout({ ...request(type), rootGPUID: custom.toLowerCase() }, 2048 * MiB)
      const root = result.partitions.find((p) => p.role === 'root')!
      expect('uniqueGuid' in root && root.uniqueGuid).toBe(custom)
    }
  })

  it('non-deterministic mode draws fresh v4 GUIDs and a non-zero signature, ignoring rootGPUID', () => {
    const a = layout(request('efi', 256 * MiB, false), 1024 * MiB)
    const b = layout(request('efi', 256 * MiB, false), 1024 * MiB)
    const guids = (l: typeof a) => (l.table!.type === 'gpt' ? [l.table!.diskGuid, ...l.table!.partitions.map((p) => p.uniqueGuid)] : [])
    expect(guids(a)).not.toEqual(guids(b))
    for (const g of [...guids(a), ...guids(b)]) expect(g).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/)
    expect(guids(a)).not.toContain(ROOT)
    const m = layout(request('legacy', 256 * MiB, false), 1024 * MiB)
    expect(m.table!.type === 'msdos' && m.table!.diskSignature).toBeGreaterThan(0)
  })

  it('none has no table; rootRegion is the whole disk there and the root partition elsewhere', () => {
    const none = layout(request('none'), 64 * MiB)
    expect(none.table).toBeNull()
    expect(rootRegion(none)).toEqual({ firstLba: 0, lastLba: 131071 })
    const efi = layout(request('efi'), 1024 * MiB)
    expect(rootRegion(efi)).toEqual({ firstLba: efi.partitions[1]!.firstLba, lastLba: efi.partitions[1]!.lastLba })
  })
})

describe('checkLayoutFits errors say what to change', () => {
  it('bootSize too small', () => {
    expect(() => checkLayoutFits(request('efi', 7 * MiB))).toThrow(BootSizeTooSmallError)
    expect(() => checkLayoutFits(request('efi', 7 * MiB))).toThrow(
      'bootSize 7340032 bytes leaves the ESP partition of partitionTableType "efi" empty: set bootSize to at least 8M (8388608 bytes).',
    )
    expect(() => checkLayoutFits({ partitionTableType: 'efi', bootSize: 7n * 1048576n })).toThrow(BootSizeTooSmallError)
    expect(() => checkLayoutFits({ partitionTableType: 'efi', bootSize: 8n * 1048576n })).not.toThrow()
    expect(() => checkLayoutFits(request('efixbootldr', 99 * MiB))).toThrow('BOOT partition of partitionTableType "efixbootldr" empty: set bootSize to at least 100M')
  })

  it('disk too small', () => {
    expect(() => checkLayoutFits(request('efi'), 200 * MiB)).toThrow(DiskTooSmallError)
    expect(() => checkLayoutFits(request('efi'), 200 * MiB)).toThrow(
      'diskSize 200 MiB is too small for partitionTableType "efi" with this bootSize: the root partition would be empty. Set diskSize to at least 258 MiB, or lower bootSize.',
    )
  })

  it('msdos beyond 2 TiB', () => {
    const error = (() => {
      try {
        checkLayoutFits(request('legacy'), 3 * 1024 * 1024 * MiB)
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(MsdosDiskTooLargeError)
    expect((error as Error).message).toBe(
      'diskSize 3145728 MiB is too large for partitionTableType "legacy": an msdos table cannot hold a partition of 2^32 or more sectors (2 TiB). ' +
        'Set diskSize to at most 2097152 MiB, or use a GPT layout ("legacy+gpt", "efi", "efixbootldr" or "hybrid").',
    )
  })

  it('disk size not a whole number of MiB', () => {
    expect(() => checkLayoutFits(request('efi'), 1024 * MiB + 512)).toThrow(DiskSizeNotAlignedError)
    expect(() => checkLayoutFits(request('efi'), 1024 * MiB + 512)).toThrow('The disk size 1073742336 bytes is not a positive whole number of MiB')
  })
})
