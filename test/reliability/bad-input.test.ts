/**
 * Bad input, table-driven: every option with wrong types, out-of-range and
 * inconsistent values, bad paths and trees. Each case must end in a typed error
 * (a `code`, a `data` object) whose message names the problem and says what to
 * change — and the output directory must be exactly as before (listing + hashes),
 * whether it held a good image or did not exist.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, chownSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildImage, type ImageOptions } from '@diskimage/core'
import { snapshotDir } from './helpers/snapshotDir.js'
import { scratchDir } from './helpers/tempDir.js'
import { makeBadTrees, type BadTrees } from './helpers/badTrees.js'
import { buildCli, CLI } from './helpers/cli.js'

/** Words every message uses to tell the user what to change. */
const FIX = /\b(must|use|set|give|fix|remove|rename|create|point|add|raise|lower|did you mean|write|shorten|make|put)\b/i

interface Case {
  name: string
  /** Options over the base ones ({root, out, installBootLoader: false}); paths from the fixture. */
  options: (t: BadTrees) => Record<string, unknown>
  /** The error's code, or for E_INVALID_OPTIONS the code of (one of) its issues. */
  code: string
  /** What the message must say about the problem (the option or path it is about). */
  problem: RegExp
  /** Point `out` at a directory that does not exist yet: it must still not exist afterwards. */
  freshOut?: boolean
}

const wrongType = (option: string, values: unknown[], code = 'E_OPTION_TYPE'): Case[] =>
  values.map((value) => ({ name: `${option} = ${describe_(value)}`, options: () => ({ [option]: value }), code, problem: new RegExp(`\\b${option}\\b`) }))

function describe_(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number') return String(value)
  if (value === null) return 'null'
  return Array.isArray(value) ? `array ${JSON.stringify(value)}` : typeof value === 'object' ? `object ${JSON.stringify(value)}` : String(value)
}

const TYPE_CASES: Case[] = [
  ...wrongType('root', [42, true, [], {}, '']),
  ...wrongType('out', [7, false, ['out'], '']),
  ...wrongType('diskSize', ['1024', true, {}, null]),
  ...wrongType('additionalSpace', [true, [], null]),
  ...wrongType('bootSize', [false, {}, null]),
  ...wrongType('contents', ['/etc/motd', 3, { source: 'x', target: '/x' }]),
  ...wrongType('installBootLoader', ['yes', 1]),
  ...wrongType('touchEFIVars', ['true', 0]),
  ...wrongType('ovmf', [1, '']),
  ...wrongType('efiFirmware', [{}]),
  ...wrongType('efiVariables', [[]]),
  ...wrongType('label', [12, null]),
  ...wrongType('configFile', [5, '']),
  ...wrongType('postVM', [false]),
  ...wrongType('grubDevices', ['/dev/sda', ['sda'], ['/dev/../etc/passwd'], ['/dev/sda; reboot']]),
  ...wrongType('memSize', ['1G', null]),
  ...wrongType('onlyNixStore', ['false']),
  ...wrongType('name', [9]),
  ...wrongType('baseName', [1, null]),
  ...wrongType('deterministic', ['no', null]),
  ...wrongType('copyChannel', [2]),
  ...wrongType('additionalPaths', ['/nix/store/x', [1]]),
  ...wrongType('espContents', [3, '']),
  ...wrongType('ownerRoot', ['root']),
  ...wrongType('seed', ['', 5]),
  ...wrongType('partitionTableType', [1, 'gpt', 'EFI', null], 'E_INVALID_CHOICE'),
  ...wrongType('format', ['iso', 'qcow', 0], 'E_INVALID_CHOICE'),
  ...wrongType('fsType', ['btrfs', 'xfs', true], 'E_INVALID_CHOICE'),
  ...wrongType('compression', ['lz4', 'gzip', 6], 'E_INVALID_CHOICE'),
  ...wrongType('rootGPUID', ['not-a-guid', 'F222513B-DED1-49FA-B591-20CE86A2FE7', 12], 'E_INVALID_GUID'),
  ...wrongType('rootFSUID', ['1234', 'G222513B-DED1-49FA-B591-20CE86A2FE7F'], 'E_INVALID_GUID'),
]

const RANGE_CASES: Case[] = [
  ...[0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 34].map((v) => ({ name: `diskSize = ${v}`, options: () => ({ diskSize: v }), code: 'E_INVALID_SIZE', problem: /diskSize/ })),
  ...[0, -5, 2.5].map((v) => ({ name: `memSize = ${v}`, options: () => ({ memSize: v }), code: 'E_INVALID_SIZE', problem: /memSize/ })),
  ...['-1M', 'abc', '1.5.5M', '12Q', ''].map((v) => ({ name: `bootSize = ${JSON.stringify(v)}`, options: () => ({ bootSize: v }), code: v === '-1M' ? 'E_INVALID_SIZE' : 'E_INVALID_IEC_SIZE', problem: /bootSize/ })),
  ...['-1', 'lots', '5X'].map((v) => ({ name: `additionalSpace = ${JSON.stringify(v)}`, options: () => ({ additionalSpace: v }), code: v === '-1' ? 'E_INVALID_SIZE' : 'E_INVALID_IEC_SIZE', problem: /additionalSpace/ })),
  { name: 'bootSize 7M on efi (ESP would be empty)', options: () => ({ partitionTableType: 'efi', bootSize: '7M' }), code: 'E_BOOT_SIZE_TOO_SMALL', problem: /bootSize/ },
  { name: 'bootSize 99M on efixbootldr', options: () => ({ partitionTableType: 'efixbootldr', bootSize: '99M' }), code: 'E_BOOT_SIZE_TOO_SMALL', problem: /bootSize/ },
  { name: 'bootSize 0 on legacy+boot', options: () => ({ partitionTableType: 'legacy+boot', bootSize: 0 }), code: 'E_BOOT_SIZE_TOO_SMALL', problem: /bootSize/ },
  { name: 'bootSize bigger than the disk (efi)', options: () => ({ partitionTableType: 'efi', diskSize: 300, bootSize: '400M' }), code: 'E_DISK_TOO_SMALL', problem: /diskSize 300 MiB.*bootSize/ },
  { name: 'bootSize equal to the disk (hybrid)', options: () => ({ partitionTableType: 'hybrid', diskSize: 256, bootSize: '256M' }), code: 'E_DISK_TOO_SMALL', problem: /diskSize 256 MiB/ },
  { name: 'bootSize too big for a legacy+boot disk', options: () => ({ partitionTableType: 'legacy+boot', diskSize: 64, bootSize: '1G' }), code: 'E_DISK_TOO_SMALL', problem: /diskSize 64 MiB/ },
  { name: 'diskSize 1 MiB for legacy', options: () => ({ diskSize: 1 }), code: 'E_DISK_TOO_SMALL', problem: /diskSize 1 MiB/ },
  { name: 'msdos disk beyond 2 TiB', options: () => ({ diskSize: 3 * 1024 * 1024 }), code: 'E_MSDOS_DISK_TOO_LARGE', problem: /diskSize .* too large/ },
  { name: 'label of 17 bytes', options: () => ({ label: 'a-very-long-label' }), code: 'E_LABEL_TOO_LONG', problem: /label/ },
  { name: 'label of 8 characters but 24 UTF-8 bytes', options: () => ({ label: '日本語日本語日本' }), code: 'E_LABEL_TOO_LONG', problem: /24 bytes/ },
  { name: 'baseName ""', options: () => ({ baseName: '' }), code: 'E_INVALID_BASE_NAME', problem: /baseName.*empty/ },
  { name: 'baseName "../x" (would write outside out)', options: () => ({ baseName: '../x' }), code: 'E_INVALID_BASE_NAME', problem: /baseName.*'\/'/ },
  { name: 'baseName "a/b"', options: () => ({ baseName: 'a/b' }), code: 'E_INVALID_BASE_NAME', problem: /baseName/ },
  { name: 'baseName "/etc/passwd"', options: () => ({ baseName: '/etc/passwd' }), code: 'E_INVALID_BASE_NAME', problem: /baseName/ },
  { name: 'baseName with NUL', options: () => ({ baseName: 'x\0y' }), code: 'E_INVALID_BASE_NAME', problem: /NUL/ },
]

const CONSISTENCY_CASES: Case[] = [
  { name: 'unknown option (typo)', options: () => ({ diskSzie: 100 }), code: 'E_UNKNOWN_OPTION', problem: /diskSzie.*diskSize/ },
  { name: 'unknown option (foreign)', options: () => ({ compressionLevel: 9 }), code: 'E_UNKNOWN_OPTION', problem: /compressionLevel/ },
  { name: 'root missing', options: () => ({ root: undefined }), code: 'E_MISSING_OPTION', problem: /root is required/ },
  { name: 'out missing', options: () => ({ out: undefined }), code: 'E_MISSING_OPTION', problem: /out is required/ },
  { name: 'out inside root (the image would hold its own scratch files)', options: (t) => ({ out: `${t.root}/images` }), code: 'E_OUTPUT_INSIDE_TREE', problem: /out: .* is inside root/ },
  { name: 'touchEFIVars with legacy', options: (t) => ({ touchEFIVars: true, partitionTableType: 'legacy', ovmf: t.ovmf }), code: 'E_LAYOUT_MISMATCH', problem: /touchEFIVars/ },
  { name: 'espContents with legacy+gpt', options: (t) => ({ espContents: t.esp, partitionTableType: 'legacy+gpt' }), code: 'E_LAYOUT_MISMATCH', problem: /espContents/ },
  { name: 'compression zstd with vmdk (a grain is always deflate)', options: () => ({ format: 'vmdk', compression: 'zstd' }), code: 'E_COMPRESSION_FORMAT', problem: /compression: "zstd" applies to format "qcow2-compressed" only, not "vmdk"/ },
  { name: 'compression with an uncompressed format', options: () => ({ format: 'qcow2', compression: 'zlib' }), code: 'E_COMPRESSION_FORMAT', problem: /compression: "zlib" .* not "qcow2"/ },
  { name: 'fsType ext2 with a partition table', options: () => ({ fsType: 'ext2', partitionTableType: 'efi' }), code: 'E_PARTITION_TABLE_NEEDS_EXT4', problem: /fsType/ },
  { name: 'rootFSUID null while deterministic', options: () => ({ rootFSUID: null }), code: 'E_MISSING_ROOT_FS_UID', problem: /rootFSUID/ },
  { name: 'onlyNixStore with contents', options: (t) => ({ onlyNixStore: true, contents: [{ source: t.file, target: '/x' }] }), code: 'E_ONLY_NIX_STORE_CONFLICT', problem: /onlyNixStore.*contents/ },
  { name: 'onlyNixStore with configFile', options: (t) => ({ onlyNixStore: true, configFile: t.file }), code: 'E_ONLY_NIX_STORE_CONFLICT', problem: /configFile/ },
  { name: 'onlyNixStore with installBootLoader', options: () => ({ onlyNixStore: true, installBootLoader: true }), code: 'E_ONLY_NIX_STORE_CONFLICT', problem: /installBootLoader/ },
  { name: 'onlyNixStore on a root without nix/store', options: () => ({ onlyNixStore: true }), code: 'E_PATH_NOT_FOUND', problem: /nix\/store/ },
  { name: 'contents entry not an object', options: () => ({ contents: ['/etc/motd'] }), code: 'E_OPTION_TYPE', problem: /contents\[0\]/ },
  { name: 'contents entry with an unknown key', options: (t) => ({ contents: [{ source: t.file, target: '/x', owner: 'root' }] }), code: 'E_UNKNOWN_OPTION', problem: /contents\[0\]\.owner/ },
  { name: 'contents target relative', options: (t) => ({ contents: [{ source: t.file, target: 'etc/motd' }] }), code: 'E_INVALID_CONTENTS_TARGET', problem: /not absolute/ },
  { name: 'contents target escaping with ..', options: (t) => ({ contents: [{ source: t.file, target: '/../../etc/passwd' }] }), code: 'E_INVALID_CONTENTS_TARGET', problem: /\.\./ },
  { name: 'contents target ".." in the middle', options: (t) => ({ contents: [{ source: t.file, target: '/etc/../../x' }] }), code: 'E_INVALID_CONTENTS_TARGET', problem: /\.\./ },
  { name: 'contents target not a string', options: (t) => ({ contents: [{ source: t.file, target: 5 }] }), code: 'E_OPTION_TYPE', problem: /contents\[0\]\.target/ },
  { name: 'contents source empty', options: () => ({ contents: [{ source: '', target: '/x' }] }), code: 'E_OPTION_TYPE', problem: /contents\[0\]\.source/ },
  { name: 'contents source missing', options: (t) => ({ contents: [{ source: join(t.dir, 'nope'), target: '/x' }] }), code: 'E_PATH_NOT_FOUND', problem: /nope/ },
  { name: 'contents source a dangling symlink', options: (t) => ({ contents: [{ source: t.dangling, target: '/x' }] }), code: 'E_PATH_NOT_FOUND', problem: /dangling/ },
  { name: 'contents source a symlink loop', options: (t) => ({ contents: [{ source: t.loop, target: '/x' }] }), code: 'E_SYMLINK_LOOP', problem: /contents\[0\]\.source.*symlink loop/ },
  { name: 'contents glob in a missing directory', options: (t) => ({ contents: [{ source: join(t.dir, 'nodir/*'), target: '/x' }] }), code: 'E_PATH_NOT_FOUND', problem: /nodir/ },
  { name: 'contents duplicate target', options: (t) => ({ contents: [{ source: t.file, target: '/x' }, { source: t.file, target: '/x/' }] }), code: 'E_DUPLICATE_CONTENTS_TARGET', problem: /contents\[1\]/ },
  { name: 'contents mode not octal', options: (t) => ({ contents: [{ source: t.file, target: '/x', mode: 'rwx' }] }), code: 'E_INVALID_MODE', problem: /mode/ },
  { name: 'contents mode 999', options: (t) => ({ contents: [{ source: t.file, target: '/x', mode: '999' }] }), code: 'E_INVALID_MODE', problem: /mode/ },
  { name: 'contents mode as a number', options: (t) => ({ contents: [{ source: t.file, target: '/x', mode: 644 }] }), code: 'E_INVALID_MODE', problem: /mode/ },
  { name: 'contents user without group', options: (t) => ({ contents: [{ source: t.file, target: '/x', user: 'root' }] }), code: 'E_CONTENTS_OWNER_INCOMPLETE', problem: /group/ },
  { name: 'contents negative uid', options: (t) => ({ contents: [{ source: t.file, target: '/x', user: -1, group: 0 }] }), code: 'E_OPTION_TYPE', problem: /user/ },
]

const PATH_CASES: Case[] = [
  { name: 'root does not exist', options: (t) => ({ root: join(t.dir, 'missing-root') }), code: 'E_PATH_NOT_FOUND', problem: /missing-root/ },
  { name: 'root is a file', options: (t) => ({ root: t.file }), code: 'E_WRONG_PATH_TYPE', problem: /root.*file/ },
  { name: 'root is a fifo', options: (t) => ({ root: t.fifo }), code: 'E_WRONG_PATH_TYPE', problem: /root.*special/ },
  { name: 'root is a dangling symlink', options: (t) => ({ root: t.dangling }), code: 'E_PATH_NOT_FOUND', problem: /dangling/ },
  { name: 'root is a symlink loop', options: (t) => ({ root: t.loop }), code: 'E_SYMLINK_LOOP', problem: /root.*symlink loop/ },
  { name: 'out is a symlink loop', options: (t) => ({ out: t.loop }), code: 'E_SYMLINK_LOOP', problem: /out.*symlink loop/ },
  { name: 'out is a file', options: (t) => ({ out: t.file }), code: 'E_WRONG_PATH_TYPE', problem: /out.*file/ },
  { name: 'out is a fifo', options: (t) => ({ out: t.fifo }), code: 'E_WRONG_PATH_TYPE', problem: /out/ },
  { name: 'configFile missing', options: (t) => ({ configFile: join(t.dir, 'configuration.nix') }), code: 'E_PATH_NOT_FOUND', problem: /configFile/ },
  { name: 'configFile a directory', options: (t) => ({ configFile: t.esp }), code: 'E_WRONG_PATH_TYPE', problem: /configFile/ },
  { name: 'espContents missing', options: (t) => ({ partitionTableType: 'efi', espContents: join(t.dir, 'no-esp') }), code: 'E_PATH_NOT_FOUND', problem: /espContents/ },
  { name: 'espContents a file', options: (t) => ({ partitionTableType: 'efi', espContents: t.file }), code: 'E_WRONG_PATH_TYPE', problem: /espContents/ },
  { name: 'efiVariables missing with touchEFIVars', options: (t) => ({ partitionTableType: 'efi', touchEFIVars: true, ovmf: t.dir }), code: 'E_PATH_NOT_FOUND', problem: /efiFirmware|efiVariables/ },
  { name: 'a validation error when out does not exist leaves no out', options: (t) => ({ root: t.file }), code: 'E_WRONG_PATH_TYPE', problem: /root/, freshOut: true },
]

/** Cases that pass validation and fail while building: staging, the tree, the file systems. */
const BUILD_CASES: Case[] = [
  { name: 'contents target through a symlinked parent in the root tree', options: (t) => ({ root: t.linkedEtcRoot, contents: [{ source: t.file, target: '/etc/motd' }] }), code: 'CONTENTS_TARGET_ESCAPES', problem: /\/etc\/motd.*symlink/ },
  { name: 'contents glob that matches nothing', options: (t) => ({ contents: [{ source: join(t.esp, '*.nothing'), target: '/x' }] }), code: 'CONTENTS_SOURCE_NOT_FOUND', problem: /\*\.nothing/ },
  { name: 'contents source a fifo (special file)', options: (t) => ({ contents: [{ source: t.fifo, target: '/run/fifo' }] }), code: 'UNSUPPORTED_SPECIAL_FILE', problem: /fifo/ },
  { name: 'contents directory holding a device node', options: (t) => ({ contents: [{ source: t.devDir, target: '/srv' }] }), code: 'UNSUPPORTED_SPECIAL_FILE', problem: /null/ },
  { name: 'contents owner not in the image passwd', options: (t) => ({ contents: [{ source: t.file, target: '/x', user: 'mallory', group: 'root' }] }), code: 'UNKNOWN_OWNER', problem: /mallory/ },
  { name: 'root tree with a name that is not UTF-8', options: (t) => ({ root: t.latin1Root }), code: 'E_FILE_NAME_NOT_UTF8', problem: /caf\\xe9/ },
  { name: 'contents directory with a name that is not UTF-8', options: (t) => ({ contents: [{ source: t.latin1Root, target: '/srv' }] }), code: 'E_FILE_NAME_NOT_UTF8', problem: /caf\\xe9/ },
  { name: 'espContents with a name that is not UTF-8', options: (t) => ({ partitionTableType: 'efi', espContents: t.latin1Root }), code: 'E_FILE_NAME_NOT_UTF8', problem: /espContents/ },
  { name: 'tree larger than an explicit diskSize', options: (t) => ({ root: t.bigRoot, partitionTableType: 'efi', diskSize: 300, bootSize: '280M' }), code: 'E_DISK_TOO_SMALL_FOR_TREE', problem: /diskSize 300 MiB.*at least \d+ MiB/ },
  { name: 'tree larger than diskSize, fresh out', options: (t) => ({ root: t.bigRoot, diskSize: 20 }), code: 'E_DISK_TOO_SMALL_FOR_TREE', problem: /diskSize 20 MiB/, freshOut: true },
  { name: 'postVM that bash cannot parse', options: () => ({ postVM: 'for x in; do' }), code: 'E_POST_VM_SYNTAX', problem: /postVM: bash cannot parse it: .*syntax error/ },
  { name: 'postVM that fails after the build (the earlier image comes back)', options: () => ({ postVM: 'echo junk > "$out/junk"; mkdir "$out/nix-support/more"; false' }), code: 'E_POST_VM_FAILED', problem: /postVM: the shell code exited with status 1/ },
  { name: 'postVM that fails, fresh out', options: () => ({ postVM: 'exit 9' }), code: 'E_POST_VM_FAILED', problem: /exited with status 9/, freshOut: true },
  { name: 'espContents larger than the ESP', options: (t) => ({ root: t.root, partitionTableType: 'efi', bootSize: '16M', espContents: t.bigEsp }), code: 'E_ESP_CONTENTS_TOO_LARGE', problem: /espContents.*bootSize/ },
]

let t: BadTrees
let cleanup: () => void
beforeAll(() => {
  const scratch = scratchDir('bad-input')
  cleanup = scratch.cleanup
  t = makeBadTrees(scratch.dir)
})
afterAll(() => cleanup())

let outCounter = 0
/** An output directory holding a good image and a note from an earlier run, or (fresh) none at all. */
function prepareOut(fresh: boolean): string {
  const out = join(t.dir, `out-${outCounter++}`)
  if (fresh) return out
  mkdirSync(join(out, 'nix-support'), { recursive: true })
  writeFileSync(join(out, 'nixos.img'), Buffer.alloc(64 * 1024, 0x5a))
  writeFileSync(join(out, 'nix-support/hydra-build-products'), `file raw-image ${out}/nixos.img\n`)
  symlinkSync('nixos.img', join(out, 'latest'))
  return out
}

async function expectTypedFailure(c: Case): Promise<void> {
  const out = prepareOut(c.freshOut === true)
  const before = snapshotDir(out)
  const options = { root: t.root, out, installBootLoader: false, ...c.options(t) } as ImageOptions
  const error = await buildImage(options).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error, 'the build must fail').toBeInstanceOf(Error)
  const e = error as Error & { code?: unknown; data?: { issues?: Array<Error & { code: string }> } }
  expect(typeof e.code, `a typed error, got ${e.name}: ${e.message}`).toBe('string')
  expect(typeof e.data).toBe('object')
  const issue = e.code === 'E_INVALID_OPTIONS' ? e.data!.issues!.find((i) => i.code === c.code) : e
  expect(issue, `${c.code} expected, got ${e.code}: ${e.message}`).toBeDefined()
  expect(issue!.code).toBe(c.code)
  expect(issue!.message).toMatch(c.problem)
  expect(issue!.message).toMatch(FIX)
  expect(snapshotDir(out), 'the output directory is untouched').toEqual(before)
}

describe('bad input gives a typed error and leaves out/ untouched', () => {
  const all = [...TYPE_CASES, ...RANGE_CASES, ...CONSISTENCY_CASES, ...PATH_CASES, ...BUILD_CASES]
  it('has at least 100 cases', () => {
    expect(all.length + UNREADABLE_CASES.length).toBeGreaterThanOrEqual(100)
  })
  describe('wrong types', () => {
    for (const c of TYPE_CASES) it(c.name, () => expectTypedFailure(c))
  })
  describe('out-of-range values', () => {
    for (const c of RANGE_CASES) it(c.name, () => expectTypedFailure(c))
  })
  describe('inconsistent options and contents', () => {
    for (const c of CONSISTENCY_CASES) it(c.name, () => expectTypedFailure(c))
  })
  describe('paths', () => {
    for (const c of PATH_CASES) it(c.name, () => expectTypedFailure(c))
  })
  describe('trees and file systems (fail while building)', () => {
    for (const c of BUILD_CASES) it(c.name, () => expectTypedFailure(c))
  })
})

describe('trees that are odd but valid build, and nothing is followed', () => {
  it('symlink loops, a self-link, fifo, socket and device node in the root tree are copied as they are', async () => {
    const out = prepareOut(true)
    const { imagePath, layout } = await buildImage({ root: t.oddRoot, out, installBootLoader: false, partitionTableType: 'efi' })
    const root = layout.partitions.find((p) => p.role === 'root')!
    const device = `${imagePath}?offset=${root.firstLba * 512}`
    execFileSync('e2fsck', ['-fn', device], { stdio: 'pipe' })
    const listing = execFileSync('debugfs', ['-R', 'ls -p /', device], { encoding: 'utf8', stdio: 'pipe' })
    const modes = Object.fromEntries(listing.split('\n').filter(Boolean).map((l) => l.split('/')).map((f) => [f[5], f[2]]))
    expect(modes).toMatchObject({ loop1: '120777', loop2: '120777', self: '120777', fifo: '010644', sock: expect.stringMatching(/^140/), null: expect.stringMatching(/^020/), plain: '100644' })
    expect(execFileSync('debugfs', ['-R', 'stat /loop1', device], { encoding: 'utf8', stdio: 'pipe' })).toMatch(/Fast link dest: "loop2"/)
  })
})

/** The user the unreadable-source cases run the CLI as: root reads everything, so they need someone else. */
const NOBODY = 65534

interface UnreadableCase {
  name: string
  /** Makes the unreadable thing under the tree `dir`; returns extra CLI flags. */
  setup: (dir: string) => string[]
  problem: RegExp
}

const UNREADABLE_CASES: UnreadableCase[] = [
  { name: 'an unreadable directory in the root tree (diskSize auto)', setup: (d) => (mkdirSync(join(d, 'root/locked')), chmodSync(join(d, 'root/locked'), 0), []), problem: /locked/ },
  { name: 'an unreadable directory in the root tree (explicit diskSize)', setup: (d) => (mkdirSync(join(d, 'root/locked')), chmodSync(join(d, 'root/locked'), 0), ['--disk-size', '100']), problem: /locked/ },
  { name: 'an unreadable file in the root tree (diskSize auto)', setup: (d) => (writeFileSync(join(d, 'root/secret'), 's'), chmodSync(join(d, 'root/secret'), 0), []), problem: /secret/ },
  { name: 'an unreadable file in the root tree (explicit diskSize)', setup: (d) => (writeFileSync(join(d, 'root/secret'), 's'), chmodSync(join(d, 'root/secret'), 0), ['--disk-size', '100']), problem: /secret/ },
  { name: 'the root directory itself unreadable', setup: (d) => (chmodSync(join(d, 'root'), 0o111), []), problem: /root/ },
  {
    name: 'an unreadable contents source file',
    setup: (d) => (writeFileSync(join(d, 'motd'), 'm'), chmodSync(join(d, 'motd'), 0), ['--contents', JSON.stringify([{ source: join(d, 'motd'), target: '/etc/motd' }])]),
    problem: /motd/,
  },
  {
    name: 'an unreadable directory inside a contents source',
    setup: (d) => (mkdirSync(join(d, 'srv/private'), { recursive: true }), chmodSync(join(d, 'srv/private'), 0), ['--contents', JSON.stringify([{ source: join(d, 'srv'), target: '/srv' }])]),
    problem: /private/,
  },
]

describe('unreadable sources give a typed error (the CLI run as an unprivileged user)', () => {
  beforeAll(() => buildCli())
  for (const c of UNREADABLE_CASES) {
    it(c.name, () => {
      const dir = join(t.dir, `unreadable-${outCounter++}`)
      mkdirSync(join(dir, 'root/etc'), { recursive: true })
      writeFileSync(join(dir, 'root/etc/passwd'), 'root:x:0:0::/:/bin/sh\n')
      const out = prepareOut(false)
      for (const p of [dir, out]) execFileSync('chown', ['-R', `${NOBODY}:${NOBODY}`, p])
      chmodSync(t.dir, 0o755) // mkdtemp made it 0700: the unprivileged user must reach the trees
      const flags = c.setup(dir)
      chownSync(out, NOBODY, NOBODY)
      const before = snapshotDir(out)
      const run = spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, CLI, '--root', join(dir, 'root'), '--out', out, '--no-install-boot-loader', '--quiet', '--json', ...flags], { encoding: 'utf8' })
      expect(run.status, run.stderr).toBe(1)
      const { error } = JSON.parse(run.stdout) as { error: { code: string; message: string; data: object } }
      expect(error.code, error.message).toBe('TREE_NOT_READABLE')
      expect(typeof error.data).toBe('object')
      expect(error.message).toMatch(c.problem)
      expect(error.message).toMatch(/make it readable by the user running the build \(uid 65534\)/)
      expect(snapshotDir(out)).toEqual(before)
    })
  }
})
