import { beforeAll, describe, expect, it } from 'vitest'
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildImage } from '@diskimage/core'
import { XattrsUnreadableError } from '@diskimage/fs'
import { nativeFsck } from './helpers/readBackExt4.js'
import { parseBuildArgs } from '../packages/cli/src/commands/parseBuildArgs.js'
import { buildCli, CLI } from './reliability/helpers/cli.js'

/** The user the unprivileged build runs as. */
const NOBODY = 65534

// Extended attributes from the source tree to the image, checked against the real tools:
// getfattr/getcap/getfacl on the source, native debugfs on the image, and native
// `mke2fs -d` (which reads the host's attributes itself) as the oracle for the bytes stored.

let work: string
let tree: string
let tool: string

const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] })
const setfattr = (path: string, name: string, value: string) => sh('setfattr', ['-h', '-n', name, '-v', value, '--', path])

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'xattrs-build-'))
  tree = join(work, 'tree')
  for (const dir of ['usr/bin', 'etc', 'srv/shared', 'names']) mkdirSync(join(tree, dir), { recursive: true })
  writeFileSync(join(tree, 'usr/bin/ping'), 'not really ping\n')
  chmodSync(join(tree, 'usr/bin/ping'), 0o755)
  sh('setcap', ['cap_net_raw+ep', join(tree, 'usr/bin/ping')]) // as Debian's iputils-ping postinst does
  sh('setfacl', ['-m', 'u:1234:rwx', join(tree, 'usr/bin/ping')])
  sh('setfacl', ['-m', 'u:1234:rwx,g:5678:r-x', join(tree, 'srv/shared')])
  sh('setfacl', ['-d', '-m', 'u:1234:rwx,o::---', join(tree, 'srv/shared')])
  writeFileSync(join(tree, 'etc/motd'), 'hello\n')
  setfattr(join(tree, 'etc/motd'), 'security.selinux', 'system_u:object_r:etc_t:s0')
  setfattr(join(tree, 'etc/motd'), 'user.x', 'a value')
  writeFileSync(join(tree, 'names/sp ace'), 'space\n')
  setfattr(join(tree, 'names/sp ace'), 'user.with space', 'spaced')
  writeFileSync(join(tree, 'names/new\nline'), 'newline\n')
  setfattr(join(tree, 'names/new\nline'), 'user.nl', '0x00ff0a')
  symlinkSync('../etc/motd', join(tree, 'names/link'))
  setfattr(join(tree, 'names/link'), 'trusted.on-link', 'link') // Linux refuses user.* on symlinks
  setfattr(tree, 'user.root-dir', 'root')
  writeFileSync(join(tree, 'etc/plain'), 'no attributes\n')
  tool = join(work, 'tool')
  writeFileSync(tool, 'a contents entry\n')
  sh('setcap', ['cap_net_admin+ep', tool])
}, 60_000)

const rootOffset = (r: Awaited<ReturnType<typeof buildImage>>) => (r.layout.partitions.find((p) => p.role === 'root')?.firstLba ?? 0) * 512
const build = (out: string, extra: Record<string, unknown> = {}) =>
  buildImage({ root: tree, out: join(work, out), partitionTableType: 'legacy', additionalSpace: '16M', installBootLoader: false,
    contents: [{ source: tool, target: '/usr/local/bin/tool', mode: '750' }], ...extra })

/** Every inode of the file system by path, from native `debugfs ls -p` (which prints names raw, newlines too). */
function inodesByPath(device: string, dir = '/'): Map<string, number> {
  const out = execFileSync('debugfs', ['-R', `ls -p "${dir}"`, device], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
  const found = new Map<string, number>()
  for (const m of out.matchAll(/^\/(\d+)\/(\d+)\/\d+\/\d+\/([^/]*)\/\d*\/$/gm)) {
    const [, ino, mode, name] = m
    if (name === '.' || name === '..' || name === 'lost+found') continue
    const path = dir === '/' ? `/${name}` : `${dir}/${name}`
    found.set(path, Number(ino))
    if (mode!.startsWith('04') && !name!.includes('\n')) for (const [p, i] of inodesByPath(device, path)) found.set(p, i)
  }
  return found
}

/**
 * Every extended attribute of every inode, as native debugfs reads it: names from `ea_list`,
 * values from `ea_get` (raw: the on-disk bytes; translated: as the kernel would hand them out).
 */
function xattrsInImage(device: string, raw: boolean): Map<string, Record<string, string>> {
  const scratch = mkdtempSync(join(tmpdir(), 'ea-'))
  try {
    const inodes: Array<[string, number]> = [['/', 2], ...inodesByPath(device)] // 2: the root directory
    const ask = (commands: string[]) => {
      writeFileSync(join(scratch, 'cmds'), commands.join('\n') + '\n')
      return execFileSync('debugfs', ['-f', join(scratch, 'cmds'), device], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    }
    const listed = ask(inodes.map(([, ino]) => `ea_list <${ino}>`)).split(/^debugfs: /m).slice(1)
    const wanted: Array<{ path: string; ino: number; name: string; file: string }> = []
    listed.forEach((block, i) => {
      for (const m of block.matchAll(/^ {2}(.+?) \(\d+\) = /gm)) {
        const [path, ino] = inodes[i]!
        wanted.push({ path, ino, name: m[1]!, file: join(scratch, `v${wanted.length}`) })
      }
    })
    ask(wanted.map(({ ino, name, file }) => `ea_get ${raw ? '-r ' : ''}-f ${file} <${ino}> "${name}"`))
    const result = new Map<string, Record<string, string>>()
    for (const { path, name, file } of wanted) result.set(path, { ...result.get(path), [name]: readFileSync(file).toString('base64') })
    return result
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

/** The source tree's attributes by path, as getfattr reads them file by file (names and raw values). */
function xattrsInTree(dir: string, paths: string[]): Map<string, Record<string, string>> {
  const result = new Map<string, Record<string, string>>()
  for (const path of paths) {
    const file = path === '/' ? dir : join(dir, path)
    const names = sh('getfattr', ['--no-dereference', '--match=-', '--absolute-names', '--', file]).toString('utf8')
      .split('\n').filter((l) => l !== '' && !l.startsWith('# file:'))
    if (names.length === 0) continue
    result.set(path, Object.fromEntries(names.map((name) => [name, sh('getfattr', ['--only-values', '--no-dereference', '-n', name, '--', file]).toString('base64')])))
  }
  return result
}

const lstatOk = (path: string) => {
  try {
    return lstatSync(path) !== undefined
  } catch {
    return false
  }
}

/** An attribute value put on a scratch file, so the host's own getcap/getfacl can read it. */
function onScratchFile(name: string, base64: string, dir = false): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ea-file-')), 'f')
  if (dir) mkdirSync(path)
  else writeFileSync(path, '')
  sh('setfattr', ['-n', name, '-v', `0s${base64}`, path])
  return path
}

describe('extended attributes reach the image (buildImage, default xattrs: true)', () => {
  let image: string
  let device: string

  beforeAll(async () => {
    const r = await build('on')
    image = r.imagePath
    device = `${image}?offset=${rootOffset(r)}`
  }, 300_000)

  it('stores what native mke2fs -d stores from the same tree, byte for byte on disk (ACLs in the ext4 format)', () => {
    const native = join(work, 'native.img')
    writeFileSync(native, '')
    truncateSync(native, 64 * 1024 * 1024)
    sh('mke2fs', ['-q', '-t', 'ext4', '-b', '4096', '-d', tree, native])
    const expected = xattrsInImage(native, true)
    const got = xattrsInImage(device, true)
    got.delete('/usr/local/bin/tool') // a contents entry: not in the native tree
    got.delete('/usr/local/bin')
    got.delete('/usr/local')
    expect(new Map([...got].sort())).toEqual(new Map([...expected].sort()))
    expect([...expected.keys()].sort()).toEqual(['/', '/etc/motd', '/names/link', '/names/new\nline', '/names/sp ace', '/srv/shared', '/usr/bin/ping'])
    // The on-disk ACL is ext4's (version 1, short entries), not the Linux xattr buffer getfattr shows.
    const onDisk = Buffer.from(got.get('/usr/bin/ping')!['system.posix_acl_access']!, 'base64')
    expect(onDisk.readUInt32LE(0)).toBe(1)
  })

  it('reads back, through debugfs, the values getfattr reads on the source (ACLs as the kernel hands them out)', () => {
    const got = xattrsInImage(device, false)
    const source = xattrsInTree(tree, ['/', ...[...inodesByPath(device).keys()].filter((p) => lstatOk(join(tree, p)))])
    expect(source.size).toBe(7)
    for (const [path, attrs] of source) {
      for (const [name, value] of Object.entries(attrs)) {
        if (!name.startsWith('system.posix_acl_')) expect(got.get(path)?.[name], `${path} ${name}`).toBe(value)
        else expect(got.get(path)?.[name], `${path} ${name}`).toBeDefined()
      }
      expect(Object.keys(got.get(path) ?? {}).sort(), path).toEqual(Object.keys(attrs).sort())
    }
    expect(got.get('/etc/plain')).toBeUndefined()
  })

  it('the capability reads as getcap reads the source, the ACLs as getfacl reads them', () => {
    const got = xattrsInImage(device, false)
    const ping = join(tree, 'usr/bin/ping')
    const getcap = (path: string) => sh('getcap', [path]).toString('utf8').trim().split(' ').pop()
    expect(getcap(onScratchFile('security.capability', got.get('/usr/bin/ping')!['security.capability']!))).toBe(getcap(ping))
    expect(getcap(ping)).toBe('cap_net_raw=ep')
    const getfacl = (path: string, flag: string) => sh('getfacl', ['--omit-header', '--numeric', flag, path]).toString('utf8')
    const access = got.get('/usr/bin/ping')!['system.posix_acl_access']!
    expect(getfacl(onScratchFile('system.posix_acl_access', access), '--access')).toBe(getfacl(ping, '--access'))
    const shared = join(tree, 'srv/shared')
    const sharedAccess = got.get('/srv/shared')!['system.posix_acl_access']!
    expect(getfacl(onScratchFile('system.posix_acl_access', sharedAccess, true), '--access')).toBe(getfacl(shared, '--access'))
    const defaults = got.get('/srv/shared')!['system.posix_acl_default']!
    expect(getfacl(onScratchFile('system.posix_acl_default', defaults, true), '--default')).toBe(getfacl(shared, '--default'))
    expect(getfacl(shared, '--default')).toContain('user:1234:rwx')
  })

  it('a contents copy keeps the attributes of its source', () => {
    const got = xattrsInImage(device, false)
    expect(got.get('/usr/local/bin/tool')).toEqual(xattrsInTree(work, ['/tool']).get('/tool'))
  })

  it('native e2fsck -fn finds the file system clean', () => {
    const [path, offset] = device.split('?offset=')
    const fsck = nativeFsck(path!, Number(offset))
    expect(fsck.output).toMatch(/Pass 5/)
    expect(fsck.code).toBe(0)
  })

  it('two builds give the same bytes', async () => {
    const again = await build('again')
    const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex')
    expect(sha(again.imagePath)).toBe(sha(image))
  }, 300_000)
})

describe('opting out and failing', () => {
  it('xattrs: false builds without any attribute', async () => {
    const r = await build('off', { xattrs: false })
    expect(xattrsInImage(`${r.imagePath}?offset=${rootOffset(r)}`, false).size).toBe(0)
  }, 300_000)

  it('without getfattr on PATH the build stops with XattrsUnreadableError naming xattrs: false, and writes nothing', async () => {
    const saved = process.env.PATH
    process.env.PATH = mkdtempSync(join(tmpdir(), 'no-getfattr-'))
    const out = join(work, 'missing')
    try {
      const error = await build('missing').catch((e: unknown) => e)
      expect(error).toBeInstanceOf(XattrsUnreadableError)
      expect((error as XattrsUnreadableError).code).toBe('XATTRS_UNREADABLE')
      expect((error as XattrsUnreadableError).data.detail).toBe('getfattr is not installed (not found on PATH)')
      expect((error as Error).message).toMatch(/xattrs: false \(--no-xattrs\)/)
    } finally {
      process.env.PATH = saved
    }
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([])
  }, 300_000)

  it('built by an unprivileged user (the CLI as uid 65534), capabilities, ACLs and labels still arrive; trusted.* cannot be read', () => {
    buildCli()
    const dir = mkdtempSync(join(tmpdir(), 'xattrs-nobody-'))
    chmodSync(dir, 0o755)
    mkdirSync(join(dir, 'root/usr/bin'), { recursive: true })
    mkdirSync(join(dir, 'out'))
    const ping = join(dir, 'root/usr/bin/ping')
    writeFileSync(ping, 'ping\n')
    execFileSync('chown', ['-R', `${NOBODY}:${NOBODY}`, dir])
    // After the chown: the kernel drops file capabilities when a file changes owner.
    sh('setcap', ['cap_net_raw+ep', ping])
    sh('setfacl', ['-m', 'u:1234:rwx', ping])
    setfattr(ping, 'security.selinux', 'system_u:object_r:ping_exec_t:s0')
    setfattr(ping, 'trusted.hidden', 'root only')
    const run = spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, CLI,
      '--root', join(dir, 'root'), '--out', join(dir, 'out'), '--no-install-boot-loader', '--partition-table-type', 'none', '--quiet'], { encoding: 'utf8' })
    expect(run.status, run.stderr).toBe(0)
    const got = xattrsInImage(join(dir, 'out/nixos.img'), false).get('/usr/bin/ping')!
    const source = xattrsInTree(join(dir, 'root'), ['/usr/bin/ping']).get('/usr/bin/ping')!
    expect(Object.keys(got).sort()).toEqual(['security.capability', 'security.selinux', 'system.posix_acl_access'])
    expect(got['security.capability']).toBe(source['security.capability'])
    expect(got['security.selinux']).toBe(source['security.selinux'])
    expect(source['trusted.hidden']).toBeDefined() // there, but the kernel lists trusted.* to root only
  }, 300_000)

  it('the CLI takes --no-xattrs and --xattrs', () => {
    expect(parseBuildArgs(['--root', tree, '--out', work, '--no-xattrs']).options.xattrs).toBe(false)
    expect(parseBuildArgs(['--root', tree, '--out', work, '--xattrs']).options.xattrs).toBe(true)
  })
})
