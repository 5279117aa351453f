import { beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { readFileSync } from 'node:fs'
import { GPT_TYPE, readTable } from '@diskimage/partition'
import { layout, seededIdentifiers, planIdentifiers, pinnedInOptions, DEFAULT_ROOT_GPUID } from '@diskimage/core'

/**
 * An implementation of docs/identifiers.md written separately, in Python's
 * hmac/hashlib/uuid, so the TypeScript derivation is checked against the
 * document rather than against itself. It prints the vectors the doc lists.
 */
const PYTHON_DERIVATION = String.raw`
import hashlib, hmac, json, re, struct, sys, uuid
seed = sys.argv[1]
key = bytes.fromhex(seed.replace('-', '')) if re.fullmatch(r'[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}', seed) else seed.encode('utf-8')
mac = lambda k, m: hmac.new(k, m, hashlib.sha256).digest()
def v4(d):
    b = bytearray(d[:16]); b[6] = (b[6] & 0x0F) | 0x40; b[8] = (b[8] & 0x3F) | 0x80
    return str(uuid.UUID(bytes=bytes(b))).upper()
def part(t, k):
    m = uuid.UUID(t).bytes + (struct.pack('<Q', k) if k > 0 else b'')
    return v4(mac(key, m))
d = mac(key, b'disk-uuid')
sig = next((w for w in struct.unpack('>8I', d) if w != 0), 1)
types = dict(esp='C12A7328-F81F-11D2-BA4B-00A0C93EC93B', linux='0FC63DAF-8483-4772-8E79-3D69D8477DE4',
             biosBoot='21686148-6449-6E6F-744E-656564454649', xbootldr='BC13C2FF-59E6-4262-A352-B275FD6F7172')
header = mac(key, b'image-headers').hex()
print(json.dumps(dict(
  diskGuid=v4(d), diskSignature=sig, ext4HashSeed=v4(mac(key, b'ext4-hash-seed')), headerSeed=header,
  partitions={n: [part(t, 0), part(t, 1), part(t, 2)] for n, t in types.items()},
  vhdUuid=v4(mac(header.encode('ascii'), b'vpc:disk')),
)))
`

interface Vectors {
  diskGuid: string
  diskSignature: number
  ext4HashSeed: string
  headerSeed: string
  partitions: Record<'esp' | 'linux' | 'biosBoot' | 'xbootldr', [string, string, string]>
  vhdUuid: string
}

const python = (seed: string): Vectors => JSON.parse(execFileSync('python3', ['-c', PYTHON_DERIVATION, seed], { encoding: 'utf8' })) as Vectors

const TYPES = { esp: GPT_TYPE.efiSystem, linux: GPT_TYPE.linuxFilesystem, biosBoot: GPT_TYPE.biosBoot, xbootldr: GPT_TYPE.xbootldr } as const

// The seeds whose vectors docs/identifiers.md lists: a UUID (its 16 bytes are the key), the same
// UUID without dashes in lower case, and plain strings (UTF-8 bytes are the key).
const SEEDS = ['B3C6A1E4-7D2F-4C1A-9E0B-5F8D2A6C4E31', 'b3c6a1e47d2f4c1a9e0b5f8d2a6c4e31', 'nixos-24.05 build 7', 'grüße ✓']

describe('seededIdentifiers against an independent Python implementation of docs/identifiers.md', () => {
  it.each(SEEDS)('seed %j', (seed) => {
    const expected = python(seed)
    const ours = seededIdentifiers(seed)
    expect(ours.diskGuid).toBe(expected.diskGuid)
    expect(ours.diskSignature).toBe(expected.diskSignature)
    expect(ours.ext4HashSeed).toBe(expected.ext4HashSeed)
    expect(ours.headerSeed).toBe(expected.headerSeed)
    expect(ours.rootGuid).toBe(expected.partitions.linux[0])
    for (const [name, type] of Object.entries(TYPES)) {
      expect([0, 1, 2].map((k) => ours.partitionGuid(type, k)), name).toEqual(expected.partitions[name as keyof typeof TYPES])
    }
  })

  it('a UUID seed with and without dashes is the same key; other seeds give other identifiers', () => {
    const [withDashes, without, plain, unicode] = SEEDS.map((s) => seededIdentifiers(s).diskGuid)
    expect(without).toBe(withDashes)
    expect(new Set([withDashes, plain, unicode]).size).toBe(3)
  })
})

describe('the same derivation as systemd-repart', () => {
  it('gives the disk GUID and the partition GUIDs (with instance counters) that systemd-repart --seed writes', async () => {
    const seed = SEEDS[0]!
    const dir = mkdtempSync(join(tmpdir(), 'repart-'))
    const defs = join(dir, 'definitions')
    mkdirSync(defs)
    // Two Linux partitions, so the second needs the LE64 instance counter.
    const partitions = [['10-esp', 'esp'], ['20-xbootldr', 'xbootldr'], ['30-root', 'linux-generic'], ['40-home', 'linux-generic']]
    for (const [file, type] of partitions) writeFileSync(join(defs, `${file}.conf`), `[Partition]\nType=${type}\nSizeMinBytes=4M\nSizeMaxBytes=4M\n`)
    const image = join(dir, 'repart.img')
    execFileSync('systemd-repart', ['--empty=create', '--size=32M', `--definitions=${defs}`, `--seed=${seed}`, '--dry-run=no', image], { stdio: 'pipe' })
    const table = await readTable(image)
    if (table.type !== 'gpt') throw new Error('systemd-repart made no GPT')
    const ours = seededIdentifiers(seed)
    expect(table.diskGuid).toBe(ours.diskGuid)
    expect(table.partitions.map((p) => p.uniqueGuid)).toEqual([
      ours.partitionGuid(GPT_TYPE.efiSystem, 0),
      ours.partitionGuid(GPT_TYPE.xbootldr, 0),
      ours.partitionGuid(GPT_TYPE.linuxFilesystem, 0),
      ours.partitionGuid(GPT_TYPE.linuxFilesystem, 1),
    ])
    expect(table.partitions[2]!.uniqueGuid).toBe(ours.rootGuid)
  })
})

describe('layout with a seed', () => {
  const seed = SEEDS[2]!
  const ids = seededIdentifiers(seed)
  let vectors: Vectors
  beforeAll(() => {
    vectors = python(seed)
  })
  const request = (partitionTableType: 'efixbootldr' | 'legacy+boot', rootGPUID: string) => ({ partitionTableType, bootSize: 256 * 2 ** 20, deterministic: true, rootGPUID })

  it('gives every GPT entry its type\'s derived GUID and the root the planned rootGPUID', () => {
    const { rootGPUID } = planIdentifiers({ rootGPUID: DEFAULT_ROOT_GPUID, rootFSUID: DEFAULT_ROOT_GPUID, deterministic: true, seed })
    const { table } = layout(request('efixbootldr', rootGPUID), 1024 * 2 ** 20, undefined, ids)
    if (table?.type !== 'gpt') throw new Error('efixbootldr is GPT')
    expect(table.diskGuid).toBe(vectors.diskGuid)
    expect(table.partitions.map((p) => p.uniqueGuid)).toEqual(
      [vectors.partitions.esp[0], vectors.partitions.xbootldr[0], vectors.partitions.linux[0]],
    )
  })

  it.each(['legacy+gpt', 'efi', 'efixbootldr', 'hybrid'] as const)('%s: each entry gets the GUID of its type and instance, the disk the derived GUID', (type) => {
    const { table } = layout({ partitionTableType: type, bootSize: 256 * 2 ** 20, deterministic: true, rootGPUID: ids.rootGuid }, 1024 * 2 ** 20, undefined, ids)
    if (table?.type !== 'gpt') throw new Error(`${type} is GPT`)
    expect(table.diskGuid).toBe(vectors.diskGuid)
    const names: Record<string, keyof Vectors['partitions']> = { [TYPES.esp]: 'esp', [TYPES.linux]: 'linux', [TYPES.biosBoot]: 'biosBoot', [TYPES.xbootldr]: 'xbootldr' }
    // Every layout has at most one partition of each type: instance 0 throughout.
    expect(table.partitions.map((p) => p.uniqueGuid)).toEqual(table.partitions.map((p) => vectors.partitions[names[p.typeGuid]!][0]))
  })

  it('gives an msdos table the derived signature', () => {
    const { table } = layout(request('legacy+boot', DEFAULT_ROOT_GPUID), 1024 * 2 ** 20, undefined, ids)
    expect(table?.type === 'msdos' && table.diskSignature).toBe(vectors.diskSignature)
  })
})

describe('planIdentifiers: what the user pins wins over the seed', () => {
  const pinned = '0E8B1E3A-1234-4ABC-8DEF-0123456789AB'
  const other = '5A5A5A5A-0000-4000-8000-000000000001'
  const seed = SEEDS[2]!
  const ids = seededIdentifiers(seed)

  it.each([
    ['nothing pinned', DEFAULT_ROOT_GPUID, DEFAULT_ROOT_GPUID, ids.rootGuid, ids.rootGuid],
    ['rootGPUID pinned (rootFSUID follows it, as the reference default)', pinned, pinned, pinned, pinned],
    ['rootFSUID pinned', DEFAULT_ROOT_GPUID, other, ids.rootGuid, other],
    ['both pinned', pinned, other, pinned, other],
  ])('%s', (_, rootGPUID, rootFSUID, wantGp, wantFs) => {
    const planned = planIdentifiers({ rootGPUID, rootFSUID, deterministic: true, seed })
    expect(planned).toEqual({ seed, rootGPUID: wantGp, rootFSUID: wantFs, ext4HashSeed: ids.ext4HashSeed })
  })

  it('with the options as given, a rootGPUID typed equal to the default is pinned too', () => {
    const planned = planIdentifiers({ rootGPUID: DEFAULT_ROOT_GPUID, rootFSUID: DEFAULT_ROOT_GPUID, deterministic: true, seed }, pinnedInOptions({ rootGPUID: DEFAULT_ROOT_GPUID }))
    expect(planned.rootGPUID).toBe(DEFAULT_ROOT_GPUID)
    expect(planned.rootFSUID).toBe(DEFAULT_ROOT_GPUID)
    expect(pinnedInOptions({})).toEqual({ rootGPUID: false, rootFSUID: false })
    expect(pinnedInOptions({ rootFSUID: null })).toEqual({ rootGPUID: false, rootFSUID: false })
  })

  it('without a seed keeps the reference: rootFSUID is also the hash seed, non-deterministic leaves both random', () => {
    expect(planIdentifiers({ rootGPUID: pinned, rootFSUID: other, deterministic: true, seed: null })).toEqual({ seed: undefined, rootGPUID: pinned, rootFSUID: other, ext4HashSeed: other })
    expect(planIdentifiers({ rootGPUID: pinned, rootFSUID: other, deterministic: false, seed: null })).toEqual({ seed: undefined, rootGPUID: pinned, rootFSUID: undefined, ext4HashSeed: undefined })
  })
})

describe('the test vectors of docs/identifiers.md', () => {
  it('are what the derivation gives (and what the Python implementation printed)', () => {
    const rows = readFileSync(resolve('docs/identifiers.md'), 'utf8').split('\n').filter((l) => l.startsWith('| `') && l.split('|').length === 13)
    expect(rows.length).toBe(3)
    for (const row of rows) {
      const [seed, disk, signature, esp0, esp1, linux0, linux1, bios0, xbootldr0, hashSeed, headerKey] = row.split('|').slice(1, -1).map((c) => c.trim())
      const ids = seededIdentifiers(seed!.slice(1, -1))
      expect([disk, signature, hashSeed, headerKey], seed).toEqual([ids.diskGuid, `0x${ids.diskSignature.toString(16).toUpperCase().padStart(8, '0')}`, ids.ext4HashSeed, ids.headerSeed])
      const guid = (type: string, n: number) => ids.partitionGuid(type, n)
      expect([esp0, esp1, linux0, linux1, bios0, xbootldr0], seed).toEqual([
        guid(TYPES.esp, 0), guid(TYPES.esp, 1), guid(TYPES.linux, 0), guid(TYPES.linux, 1), guid(TYPES.biosBoot, 0), guid(TYPES.xbootldr, 0),
      ])
      expect(linux0).toBe(ids.rootGuid)
    }
  })

  it('include the Python snippet of the page, which gives the same GUIDs', () => {
    const page = readFileSync(resolve('docs/identifiers.md'), 'utf8')
    const snippet = /```python\n([\s\S]*?)```/.exec(page)![1]!
    const seed = SEEDS[0]!
    const script = `${snippet}\nprint(disk_guid(${JSON.stringify(seed)}), partition_guid(${JSON.stringify(seed)}, '0FC63DAF-8483-4772-8E79-3D69D8477DE4', 1))\n`
    const [disk, linux1] = execFileSync('python3', ['-c', script], { encoding: 'utf8' }).trim().split(' ')
    const ids = seededIdentifiers(seed)
    expect([disk, linux1]).toEqual([ids.diskGuid, ids.partitionGuid(TYPES.linux, 1)])
  })
})
