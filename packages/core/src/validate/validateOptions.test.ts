import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../autosize/__fixtures__/makeTrees.js'
import { DiskImageError } from '../errors/DiskImageError.js'
import { InvalidOptionsError } from '../errors/InvalidOptionsError.js'
import type { ImageOptions } from '../options/ImageOptions.js'
import { resolveOptions } from '../options/resolveOptions.js'
import { findOptionIssues, validateOptions } from './validateOptions.js'

let dir: string
let base: ImageOptions
beforeAll(() => {
  dir = tempDir('validate')
  mkdirSync(join(dir, 'root/nix/store'), { recursive: true })
  mkdirSync(join(dir, 'esp'))
  mkdirSync(join(dir, 'ovmf'))
  for (const file of ['file', 'ovmf/OVMF_CODE_4M.fd', 'ovmf/OVMF_VARS_4M.fd']) writeFileSync(join(dir, file), 'x')
  symlinkSync('loop-b', join(dir, 'loop-a'))
  symlinkSync('loop-a', join(dir, 'loop-b'))
  symlinkSync('root', join(dir, 'root-link'))
  base = { root: join(dir, 'root'), out: join(dir, 'out') }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function issues(patch: Record<string, unknown>): DiskImageError[] {
  return findOptionIssues(resolveOptions({ ...base, ...patch } as ImageOptions))
}

describe('validateOptions accepts', () => {
  it('the defaults with root and out', () => {
    expect(() => validateOptions(resolveOptions(base))).not.toThrow()
  })

  it.each([
    ['every layout with its defaults', { partitionTableType: 'efi', format: 'qcow2-compressed' }],
    ['a Nix-store-only image (installBootLoader defaults to false there)', { onlyNixStore: true }],
    ['no partition table', { partitionTableType: 'none', diskSize: 64 }],
    ['rootFSUID null when not deterministic', { rootFSUID: null, deterministic: false }],
    ['touchEFIVars with existing OVMF files', { partitionTableType: 'hybrid', touchEFIVars: true }],
    ['contents with mode and owner', { contents: [{ source: 'FILE', target: '/etc/motd', mode: '0644', user: 'root', group: 0 }] }],
    ['a glob source whose directory exists', { contents: [{ source: 'DIR/*', target: '/srv' }] }],
    ['espContents on an ESP layout', { partitionTableType: 'efixbootldr', espContents: 'ESP' }],
    ['a 16-byte label', { label: 'sixteen-bytes-ok' }],
    ['a size given as a number of bytes', { bootSize: 268435456, additionalSpace: 0 }],
  ])('%s', (_, patch) => {
    const text = JSON.stringify(patch).replaceAll('FILE', join(dir, 'file')).replaceAll('DIR', dir).replaceAll('ESP', join(dir, 'esp'))
    const options = JSON.parse(text) as Record<string, unknown>
    if (options.touchEFIVars === true) options.ovmf = join(dir, 'ovmf')
    expect(issues(options).map((issue) => issue.message)).toEqual([])
  })
})

describe('validateOptions collects every problem into one InvalidOptionsError', () => {
  it('lists each issue in the message and in data.issues', () => {
    const input = { ...base, format: 'vhd', memSize: 0, diskSize: 'big' } as unknown as ImageOptions
    let thrown: unknown
    try {
      validateOptions(resolveOptions(input))
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(InvalidOptionsError)
    const error = thrown as InvalidOptionsError
    expect(error.code).toBe('E_INVALID_OPTIONS')
    expect(error.data.issues.map((issue) => issue.code)).toEqual(['E_OPTION_TYPE', 'E_INVALID_CHOICE', 'E_INVALID_SIZE'])
    expect(error.message).toBe(
      'Invalid disk image options (3 problems):\n' +
        '  - diskSize: "big" is not allowed; it must be "auto" or a number of MiB\n' +
        '  - format: "vhd" is not supported; use one of "raw", "qcow2", "qcow2-compressed", "vdi", "vpc", "vmdk"\n' +
        '  - memSize: 0 is not allowed; it must be a positive whole number of MiB',
    )
  })
})

// One row per kind of problem: the options that cause it, its code, its message.
// `@` in a patch or message stands for the temporary directory.
const PROBLEMS: [string, Record<string, unknown>, string, string][] = [
  ['unknown key', { disk_size: 100 }, 'E_UNKNOWN_OPTION', '"disk_size" is not an option: did you mean "diskSize"?'],
  ['unknown key, nothing close', { colour: 'red' }, 'E_UNKNOWN_OPTION', '"colour" is not an option: remove it'],
  ['missing root', { root: undefined }, 'E_MISSING_OPTION', 'root is required: set it to the directory holding the staged root tree'],
  ['wrong type', { installBootLoader: 'yes' }, 'E_OPTION_TYPE', 'installBootLoader: "yes" is not allowed; it must be true or false'],
  ['unknown layout (reference assertOneOf)', { partitionTableType: 'gpt' }, 'E_INVALID_CHOICE',
    'partitionTableType: "gpt" is not supported; use one of "none", "legacy", "legacy+boot", "legacy+gpt", "efi", "efixbootldr", "hybrid"'],
  ['unknown format', { format: 'vhd' }, 'E_INVALID_CHOICE', 'format: "vhd" is not supported; use one of "raw", "qcow2", "qcow2-compressed", "vdi", "vpc", "vmdk"'],
  ['fsType we do not build', { fsType: 'ext2', partitionTableType: 'none' }, 'E_INVALID_CHOICE', 'fsType: "ext2" is not supported; use one of "ext4"'],
  ['fsType not a string', { fsType: 4 }, 'E_INVALID_CHOICE', 'fsType: 4 is not supported; use one of "ext4"'],
  ['rootFSUID null, ext4, deterministic (reference assert)', { rootFSUID: null }, 'E_MISSING_ROOT_FS_UID',
    'rootFSUID: null is not allowed with fsType "ext4" and deterministic true; set rootFSUID to a GUID (by default it equals rootGPUID) or set deterministic to false'],
  ['partition table without ext4 (reference assert)', { fsType: 'ext3', partitionTableType: 'efi' }, 'E_PARTITION_TABLE_NEEDS_EXT4',
    'fsType: "ext3" cannot be used with a partition table (partitionTableType "efi"); use fsType "ext4"'],
  ['unknown fsType with a partition table', { fsType: 'xfs' }, 'E_INVALID_CHOICE', 'fsType: "xfs" is not supported; use one of "ext4"'],
  ['touchEFIVars on msdos (reference assert)', { touchEFIVars: true, partitionTableType: 'legacy+boot' }, 'E_LAYOUT_MISMATCH',
    'touchEFIVars: true is not allowed with partitionTableType "legacy+boot"; use partitionTableType "hybrid", "efi", "efixbootldr", "legacy+gpt", or unset touchEFIVars'],
  ['espContents without an ESP', { espContents: '@/esp', partitionTableType: 'legacy+gpt' }, 'E_LAYOUT_MISMATCH',
    'espContents: "@/esp" is not allowed with partitionTableType "legacy+gpt"; use partitionTableType "efi", "efixbootldr", "hybrid", or unset espContents'],
  ['onlyNixStore with the rest (reference assert)', { onlyNixStore: true, installBootLoader: true, configFile: '@/file', contents: [{ source: '@/file', target: '/x' }] },
    'E_ONLY_NIX_STORE_CONFLICT',
    'onlyNixStore: true cannot be combined with contents, configFile, installBootLoader; remove those (contents must be [], configFile null, installBootLoader false) or set onlyNixStore to false'],
  ['user without group (reference assert)', { contents: [{ source: '@/file', target: '/x', user: 'alice' }] }, 'E_CONTENTS_OWNER_INCOMPLETE',
    'contents[0]: user "alice" and group undefined must be set both or neither; set group too, or remove user'],
  ['group without user (reference assert)', { contents: [{ source: '@/file', target: '/x', group: 'wheel' }] }, 'E_CONTENTS_OWNER_INCOMPLETE',
    'contents[0]: user undefined and group "wheel" must be set both or neither; set user too, or remove group'],
  ['negative diskSize', { diskSize: -1 }, 'E_INVALID_SIZE', 'diskSize: -1 is not allowed; it must be a positive whole number of MiB up to 8589934592, or "auto"'],
  ['fractional diskSize', { diskSize: 1.5 }, 'E_INVALID_SIZE', 'diskSize: 1.5 is not allowed; it must be a positive whole number of MiB up to 8589934592, or "auto"'],
  ['NaN memSize', { memSize: Number.NaN }, 'E_INVALID_SIZE', 'memSize: NaN is not allowed; it must be a positive whole number of MiB'],
  ['negative additionalSpace', { additionalSpace: '-1M' }, 'E_INVALID_SIZE', 'additionalSpace: "-1M" is not allowed; it must be zero or more bytes'],
  ['bad IEC string', { bootSize: '256MiB' }, 'E_INVALID_IEC_SIZE',
    'bootSize: "256MiB" is not a valid size (unexpected "iB" after the number); write a whole number of bytes or a number with one of the suffixes K, M, G, T, P, E (powers of 1024), e.g. "512M"'],
  ['non-numeric size', { additionalSpace: 'lots' }, 'E_INVALID_IEC_SIZE',
    'additionalSpace: "lots" is not a valid size (not a number); write a whole number of bytes or a number with one of the suffixes K, M, G, T, P, E (powers of 1024), e.g. "512M"'],
  ['bootSize too small for efi', { partitionTableType: 'efi', bootSize: '7M' }, 'E_BOOT_SIZE_TOO_SMALL',
    'bootSize 7340032 bytes leaves the ESP partition of partitionTableType "efi" empty: set bootSize to at least 8M (8388608 bytes).'],
  ['diskSize too small', { partitionTableType: 'legacy+gpt', diskSize: 3 }, 'E_DISK_TOO_SMALL',
    'diskSize 3 MiB is too small for partitionTableType "legacy+gpt" with this bootSize: the root partition would be empty. Set diskSize to at least 4 MiB, or lower bootSize.'],
  ['diskSize too large for msdos', { diskSize: 2097153 }, 'E_MSDOS_DISK_TOO_LARGE',
    'diskSize 2097153 MiB is too large for partitionTableType "legacy": an msdos table cannot hold a partition of 2^32 or more sectors (2 TiB). Set diskSize to at most 2097152 MiB, or use a GPT layout ("legacy+gpt", "efi", "efixbootldr" or "hybrid").'],
  ['rootGPUID not a GUID', { rootGPUID: '97FD5997-D90B-4AA3-8D16-C1723AEA73C' }, 'E_INVALID_GUID',
    'rootGPUID: "97FD5997-D90B-4AA3-8D16-C1723AEA73C" is not a GUID; write 32 hex digits as 8-4-4-4-12, e.g. "F222513B-DED1-49FA-B591-20CE86A2FE7F"'],
  ['rootFSUID not a GUID', { rootFSUID: 'random' }, 'E_INVALID_GUID',
    'rootFSUID: "random" is not a GUID; write 32 hex digits as 8-4-4-4-12, e.g. "F222513B-DED1-49FA-B591-20CE86A2FE7F"'],
  ['mode not octal', { contents: [{ source: '@/file', target: '/x', mode: 'u+x' }] }, 'E_INVALID_MODE',
    'contents[0].mode: "u+x" is not an octal mode; write 3 or 4 octal digits as a string, e.g. "755" or "0644"'],
  ['mode as a number', { contents: [{ source: '@/file', target: '/x', mode: 755 }] }, 'E_INVALID_MODE',
    'contents[0].mode: 755 is not an octal mode; write 3 or 4 octal digits as a string, e.g. "755" or "0644"'],
  ['contents source missing', { contents: [{ source: '@/missing', target: '/x' }] }, 'E_PATH_NOT_FOUND',
    'contents[0].source: "@/missing" does not exist; create it or point contents[0].source at an existing path'],
  ['glob source in a missing directory', { contents: [{ source: '@/missing/*.conf', target: '/etc' }] }, 'E_PATH_NOT_FOUND',
    'contents[0].source: "@/missing" does not exist; create it or point contents[0].source at an existing path'],
  ['root missing', { root: '@/nope' }, 'E_PATH_NOT_FOUND', 'root: "@/nope" does not exist; create it or point root at an existing path'],
  ['OVMF variables missing with touchEFIVars', { touchEFIVars: true, partitionTableType: 'efi', efiFirmware: '@/file', ovmf: '@/none' }, 'E_PATH_NOT_FOUND',
    'efiVariables: "@/none/OVMF_VARS_4M.fd" does not exist; create it or point efiVariables at an existing path'],
  ['root is a symlink loop', { root: '@/loop-a' }, 'E_SYMLINK_LOOP',
    'root: "@/loop-a" is a symlink loop (following it never reaches a file); point root at a real file or directory'],
  ['root is a file', { root: '@/file' }, 'E_WRONG_PATH_TYPE', 'root: "@/file" is a file, not a directory; point root at a directory'],
  ['configFile is a directory', { configFile: '@/esp' }, 'E_WRONG_PATH_TYPE', 'configFile: "@/esp" is a directory, not a file; point configFile at a file'],
  ['out inside root (not created yet)', { out: '@/root/out' }, 'E_OUTPUT_INSIDE_TREE',
    'out: "@/root/out" is inside root "@/root", which is copied into the image (with out\'s scratch files and the image itself); point out at a directory outside root'],
  ['out is root itself, through a symlink', { out: '@/root-link' }, 'E_OUTPUT_INSIDE_TREE',
    'out: "@/root-link" is inside root "@/root", which is copied into the image (with out\'s scratch files and the image itself); point out at a directory outside root'],
  ['out inside a contents source directory', { contents: [{ source: '@/esp', target: '/srv' }], out: '@/esp/../esp/build' }, 'E_OUTPUT_INSIDE_TREE',
    'out: "@/esp/../esp/build" is inside contents[0].source "@/esp", which is copied into the image (with out\'s scratch files and the image itself); point out at a directory outside contents[0].source'],
  ['target relative', { contents: [{ source: '@/file', target: 'etc/motd' }] }, 'E_INVALID_CONTENTS_TARGET',
    'contents[0].target: "etc/motd" is not absolute; write an absolute path inside the image without ".." segments, e.g. "/etc/motd"'],
  ['target escaping', { contents: [{ source: '@/file', target: '/etc/../../x' }] }, 'E_INVALID_CONTENTS_TARGET',
    'contents[0].target: "/etc/../../x" has a ".." segment, which could climb out of the image; write an absolute path inside the image without ".." segments, e.g. "/etc/motd"'],
  ['target twice', { contents: [{ source: '@/file', target: '/etc/motd' }, { source: '@/file', target: '/etc//motd/' }] }, 'E_DUPLICATE_CONTENTS_TARGET',
    'contents[1].target: "/etc//motd/" is already the target of contents[0]; give each entry its own target'],
  ['unknown key in a contents entry', { contents: [{ source: '@/file', target: '/x', mdoe: '644' }] }, 'E_UNKNOWN_OPTION',
    '"contents[0].mdoe" is not an option: did you mean "mode"?'],
  ['label too long', { label: 'seventeen-bytes-x' }, 'E_LABEL_TOO_LONG',
    'label: "seventeen-bytes-x" is 17 bytes (UTF-8) long; an ext4 label holds at most 16 bytes, shorten it'],
  ['baseName empty', { baseName: '' }, 'E_INVALID_BASE_NAME', 'baseName: "" is empty; use a plain file name without extension, e.g. "nixos"'],
  ['baseName with a slash', { baseName: 'images/nixos' }, 'E_INVALID_BASE_NAME',
    'baseName: "images/nixos" contains \'/\'; use a plain file name without extension, e.g. "nixos"'],
]

describe('each kind of problem has its own code and a message naming option, value and what is allowed', () => {
  it.each(PROBLEMS)('%s', (_, patch, code, message) => {
    const withDir = JSON.parse(JSON.stringify(patch).replaceAll('@', dir)) as Record<string, unknown>
    for (const key of Object.keys(patch)) if (patch[key] === undefined || Number.isNaN(patch[key])) withDir[key] = patch[key]
    const found = issues(withDir)
    expect(found.map((issue) => [issue.code, issue.message])).toEqual([[code, message.replaceAll('@', dir)]])
    expect(found[0]).toBeInstanceOf(DiskImageError)
    expect(found[0]!.name).not.toBe('Error')
  })
})
