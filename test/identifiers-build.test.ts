/**
 * The `seed` option end to end: images built with a seed carry the derived
 * identifiers where sfdisk, blkid, dumpe2fs and the VDI header show them; the
 * same seed twice gives the same bytes; another seed changes the identifiers
 * (and the checksums over them) and nothing else, as `diff` and the native
 * checkers show.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { createHash, createHmac } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildImage, diffImages, formatDifference, seededIdentifiers, type Difference, type ImageOptions } from '@diskimage/core'
import { generateTree } from './helpers/generateTree.js'
import { extractRegion, nativeFsckFat } from './helpers/checkImage.js'
import { nativeFsck } from './helpers/readBackExt4.js'

const SEED_1 = 'B3C6A1E4-7D2F-4C1A-9E0B-5F8D2A6C4E31'
const SEED_2 = 'release 24.05, build 2'
let work: string
let tree: string
let esp: string
const built: Record<string, string> = {}

const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: 'pipe' })
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

const options = (out: string, partitionTableType: 'efi' | 'legacy+boot', seed: string, format: 'vdi' | 'raw'): ImageOptions => ({
  root: tree, out, partitionTableType, seed, format, additionalSpace: '16M', bootSize: '64M', installBootLoader: false,
  ...(partitionTableType === 'efi' ? { espContents: esp } : {}),
})

/** The identifiers an image carries, read by the native tools. */
function identifiersOf(raw: string) {
  const table = (JSON.parse(sh('sfdisk', ['--json', raw])) as { partitiontable: { id: string; partitions: Array<{ start: number; size: number; uuid?: string }> } }).partitiontable
  const blkid = (start: number) => Object.fromEntries(sh('blkid', ['-p', '-o', 'export', '-O', String(start * 512), raw]).trim().split('\n').map((l) => l.split('=') as [string, string]))
  const [boot, root] = table.partitions as [{ start: number; size: number; uuid?: string }, { start: number; size: number; uuid?: string }]
  const rootFile = extractRegion(raw, root.start * 512, root.size * 512)
  const hashSeed = /Directory Hash Seed:\s+(\S+)/.exec(sh('dumpe2fs', ['-h', rootFile]))![1]!
  rmSync(join(rootFile, '..'), { recursive: true, force: true })
  return { tableId: table.id, partitionUuids: table.partitions.map((p) => p.uuid), fatUuid: blkid(boot.start).UUID, ext4Uuid: blkid(root.start).UUID, hashSeed, boot, root }
}

/** The image UUID of a VDI header (offset 0x188, first three fields little-endian as VirtualBox stores them). */
function vdiImageUuid(vdi: string): string {
  const b = readFileSync(vdi).subarray(0x188, 0x198)
  const hex = Buffer.concat([Buffer.from(b.subarray(0, 4)).reverse(), Buffer.from(b.subarray(4, 6)).reverse(), Buffer.from(b.subarray(6, 8)).reverse(), b.subarray(8)]).toString('hex').toUpperCase()
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** docs/identifiers.md: header UUID = v4(HMAC-SHA256(key = ASCII hex header seed, "<format>:<token>")). */
function headerUuid(seed: string, format: string, token: string): string {
  const d = createHmac('sha256', Buffer.from(seededIdentifiers(seed).headerSeed, 'ascii')).update(`${format}:${token}`).digest()
  d[6] = (d[6]! & 0x0f) | 0x40
  d[8] = (d[8]! & 0x3f) | 0x80
  const hex = d.subarray(0, 16).toString('hex').toUpperCase()
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/**
 * True for a difference that a different identifier explains: the identifier
 * fields themselves, and the checksums ext4's metadata_csum and GPT's CRC32s
 * compute over them (inodes, group descriptors, directory blocks, the journal
 * superblock, which carries the file system UUID).
 */
function explainedByIdentifiers(d: Difference, directories: Set<string>): boolean {
  const only = (allowed: RegExp) => d.fields.every((f) => allowed.test(f))
  if (/GPT header$/.test(d.region)) return only(/^(disk GUID|header CRC32|entries CRC32)$/)
  if (/GPT entries$/.test(d.region)) return only(/^unique GUID$/)
  if (d.region === 'MBR') return only(/^disk signature$/)
  if (d.region.endsWith('(fat)')) return d.where === 'boot sector' && only(/^BS_VolID$/)
  if (d.region.endsWith('(ext4)')) {
    if (d.where === 'superblock') return only(/^(s_uuid|s_hash_seed|s_checksum)$/)
    if (/^group descriptor \d+$/.test(d.where)) return only(/csum|checksum/)
    const blocks = /^inode \d+ \((.*)\) blocks$/.exec(d.where)
    if (blocks) return blocks[1] === '<journal>' || directories.has(blocks[1]!)
    if (/^inode \d+/.test(d.where)) return only(/^(l_i_checksum_lo|i_checksum_hi)$/)
  }
  return false
}

function treeDirectories(): Set<string> {
  const dirs = sh('find', [tree, '-type', 'd']).trim().split('\n').map((p) => p.slice(tree.length) || '/')
  return new Set([...dirs, '/lost+found'])
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'identifiers-build-'))
  tree = generateTree(join(work, 'tree'))
  esp = join(work, 'esp')
  mkdirSync(join(esp, 'EFI/BOOT'), { recursive: true })
  writeFileSync(join(esp, 'EFI/BOOT/BOOTX64.EFI'), 'not really a loader\n')
  for (const [name, type, seed, format] of [
    ['efi-1a', 'efi', SEED_1, 'vdi'], ['efi-1b', 'efi', SEED_1, 'vdi'], ['efi-2', 'efi', SEED_2, 'vdi'],
    ['msdos-1', 'legacy+boot', SEED_1, 'raw'], ['msdos-2', 'legacy+boot', SEED_2, 'raw'],
  ] as const) {
    built[name] = (await buildImage(options(join(work, name), type, seed, format))).imagePath
  }
  for (const name of ['efi-1a', 'efi-2']) sh('qemu-img', ['convert', '-O', 'raw', built[name]!, join(work, `${name}.raw`)])
}, 600_000)

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true })
})

describe('a seeded build', () => {
  it('is bit-identical when built twice with the same seed', () => {
    expect(sha(built['efi-1b']!)).toBe(sha(built['efi-1a']!))
  })

  it.each([[SEED_1, 'efi-1a'], [SEED_2, 'efi-2']])('carries the identifiers derived from %j (GPT, ext4, FAT, VDI header)', (seed, name) => {
    const ids = seededIdentifiers(seed)
    const found = identifiersOf(join(work, `${name}.raw`))
    const espGuid = ids.partitionGuid('C12A7328-F81F-11D2-BA4B-00A0C93EC93B', 0)
    expect(found.tableId).toBe(ids.diskGuid)
    expect(found.partitionUuids).toEqual([espGuid, ids.rootGuid])
    expect(found.ext4Uuid!.toUpperCase()).toBe(ids.rootGuid)
    expect(found.hashSeed.toUpperCase()).toBe(ids.ext4HashSeed)
    expect(found.fatUuid).toBe(`${espGuid.slice(0, 4)}-${espGuid.slice(4, 8)}`)
    expect(vdiImageUuid(built[name]!)).toBe(headerUuid(seed, 'vdi', 'image'))
  })

  it('differs from another seed in every identifier and nothing they do not explain', async () => {
    const one = identifiersOf(join(work, 'efi-1a.raw'))
    const two = identifiersOf(join(work, 'efi-2.raw'))
    for (const key of ['tableId', 'fatUuid', 'ext4Uuid', 'hashSeed'] as const) expect(two[key], key).not.toBe(one[key])
    expect(two.partitionUuids[0]).not.toBe(one.partitionUuids[0])
    expect(two.partitionUuids[1]).not.toBe(one.partitionUuids[1])
    expect(vdiImageUuid(built['efi-2']!)).not.toBe(vdiImageUuid(built['efi-1a']!))

    const result = await diffImages(built['efi-1a']!, built['efi-2']!)
    const directories = treeDirectories()
    const unexplained = result.differences.filter((d) => !explainedByIdentifiers(d, directories)).map(formatDifference)
    expect(unexplained).toEqual([])
    const lines = result.differences.map(formatDifference)
    for (const expected of ['GPT header: ', 'GPT entries: entry 1: unique GUID', 'GPT entries: entry 2: unique GUID', 'partition 1 (fat): boot sector: BS_VolID', 'partition 2 (ext4): superblock: ']) {
      expect(lines.some((l) => l.startsWith(expected)), expected).toBe(true)
    }
    // Both file systems are clean for the native checkers.
    for (const raw of ['efi-1a.raw', 'efi-2.raw']) {
      const { boot, root } = identifiersOf(join(work, raw))
      expect(nativeFsck(join(work, raw), root.start * 512).code).toBe(0)
      expect(nativeFsckFat(join(work, raw), boot.start * 512, boot.size * 512).code).toBe(0)
    }
  })

  it('gives an msdos table the derived signature and the BOOT file system signature + 1 as its serial', async () => {
    for (const [seed, name] of [[SEED_1, 'msdos-1'], [SEED_2, 'msdos-2']] as const) {
      const ids = seededIdentifiers(seed)
      const found = identifiersOf(built[name]!)
      expect(found.tableId).toBe(`0x${ids.diskSignature.toString(16).padStart(8, '0')}`)
      const serial = ((ids.diskSignature + 1) >>> 0).toString(16).toUpperCase().padStart(8, '0')
      expect(found.fatUuid).toBe(`${serial.slice(0, 4)}-${serial.slice(4)}`)
      expect(found.ext4Uuid!.toUpperCase()).toBe(ids.rootGuid)
    }
    const result = await diffImages(built['msdos-1']!, built['msdos-2']!)
    expect(result.differences.filter((d) => !explainedByIdentifiers(d, treeDirectories())).map(formatDifference)).toEqual([])
    expect(result.differences.map(formatDifference)).toContain('MBR: disk signature')
  })
})
