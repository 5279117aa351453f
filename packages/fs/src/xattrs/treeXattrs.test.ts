import { describe, expect, it } from 'vitest'
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GETFATTR_ARGS, readHostXattrs } from './readHostXattrs.js'
import { getfattrFailure } from './getfattrFailure.js'
import { ext4CanStore } from './ext4CanStore.js'
import { treeXattrs } from './treeXattrs.js'
import { stageContents } from '../staging/stageContents.js'
import { XattrsUnreadableError } from '../errors/XattrsUnreadableError.js'
import { TreeNotReadableError } from '../errors/TreeNotReadableError.js'

/** One attribute's value as the kernel gives it, read by getfattr for that one file and name (no dump, no quoting). */
const valueOf = (path: string, name: string): string =>
  execFileSync('getfattr', ['--only-values', '--no-dereference', '-n', name, '--', path]).toString('base64')

const setfattr = (path: string, name: string, value: string) => execFileSync('setfattr', ['-h', '-n', name, '-v', value, '--', path])

/** A tree whose names and attribute names hold what getfattr must quote: spaces, newlines, backslashes, "=". */
function oddTree(): { dir: string; files: Record<string, string[]> } {
  const dir = mkdtempSync(join(tmpdir(), 'xattrs-'))
  const tree = join(dir, 'tree')
  mkdirSync(join(tree, 'sub dir'), { recursive: true })
  const names = ['ping', 'sp ace', 'new\nline', 'back\\slash', 'carriage\rreturn', 'é ü', 'sub dir/nested', 'plain']
  for (const n of names) writeFileSync(join(tree, n), n)
  symlinkSync('ping', join(tree, 'link'))
  execFileSync('setcap', ['cap_net_raw+ep', join(tree, 'ping')])
  execFileSync('setfacl', ['-m', 'u:1234:rwx', join(tree, 'ping')])
  execFileSync('setfacl', ['-d', '-m', 'u:1234:rx', join(tree, 'sub dir')])
  setfattr(join(tree, 'sp ace'), 'user.x', 'hello world')
  setfattr(join(tree, 'new\nline'), 'user.we ird=na\\me', '0x0a00ff')
  setfattr(join(tree, 'back\\slash'), 'user.empty', '')
  setfattr(join(tree, 'carriage\rreturn'), 'security.selinux', 'system_u:object_r:etc_t:s0')
  setfattr(join(tree, 'é ü'), 'user.ü', 'ö')
  setfattr(join(tree, 'sub dir/nested'), 'trusted.t', 'x')
  setfattr(join(tree, 'link'), 'trusted.on-the-link', 'itself') // user.* is refused on symlinks by Linux
  setfattr(tree, 'user.root', 'r')
  const files: Record<string, string[]> = {
    '': ['user.root'],
    ping: ['security.capability', 'system.posix_acl_access'],
    'sub dir': ['system.posix_acl_default'],
    'sp ace': ['user.x'],
    'new\nline': ['user.we ird=na\\me'],
    'back\\slash': ['user.empty'],
    'carriage\rreturn': ['security.selinux'],
    'é ü': ['user.ü'],
    'sub dir/nested': ['trusted.t'],
    link: ['trusted.on-the-link'],
  }
  return { dir: tree, files }
}

describe('readHostXattrs', () => {
  it('reads every attribute of every file in one getfattr run, names and values exact, symlinks not followed', async () => {
    const { dir, files } = oddTree()
    const got = await readHostXattrs([dir])
    const expected = new Map<string, Record<string, string>>()
    for (const [rel, names] of Object.entries(files)) {
      const path = rel === '' ? dir : `${dir}/${rel}`
      expected.set(path, Object.fromEntries(names.map((name) => [name, valueOf(path, name)])))
    }
    expect(new Map([...got].sort())).toEqual(new Map([...expected].sort()))
    expect(got.get(`${dir}/back\\slash`)).toEqual({ 'user.empty': '' })
    expect(got.has(`${dir}/plain`)).toBe(false)
  })

  it('fails with XattrsUnreadableError naming xattrs: false when getfattr is not on PATH', async () => {
    const saved = process.env.PATH
    process.env.PATH = mkdtempSync(join(tmpdir(), 'no-getfattr-'))
    try {
      const error = await readHostXattrs([tmpdir()]).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(XattrsUnreadableError)
      expect((error as XattrsUnreadableError).code).toBe('XATTRS_UNREADABLE')
      expect((error as XattrsUnreadableError).data).toEqual({ path: tmpdir(), detail: 'getfattr is not installed (not found on PATH)' })
      expect((error as Error).message).toContain('xattrs: false')
    } finally {
      process.env.PATH = saved
    }
  })

  it('fails with XattrsUnreadableError when the host file system refuses to list attributes', async () => {
    // sysfs's empty mount-point directories (for bpffs, securityfs, debugfs, …) answer listxattr
    // with EOPNOTSUPP, mounted or not: a real file system refusing, on any Linux host.
    const refusing = ['/sys/fs/bpf', '/sys/kernel/security', '/sys/kernel/debug', '/sys/fs/pstore'].filter((p) => existsSync(p))
    expect(refusing.length).toBeGreaterThan(0)
    const error = await readHostXattrs([refusing[0]!]).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(XattrsUnreadableError)
    expect((error as XattrsUnreadableError).data.detail).toMatch(/Operation not supported/)
  })
})

describe('getfattrFailure', () => {
  it('reads a directory the building user cannot walk as TreeNotReadableError (getfattr run as uid 65534)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xattrs-locked-'))
    chmodSync(dir, 0o755)
    mkdirSync(join(dir, 'locked'), { mode: 0 })
    chmodSync(join(dir, 'locked'), 0)
    const run = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'getfattr', ...GETFATTR_ARGS, dir], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } })
    expect(run.stderr).toContain('Permission denied')
    const error = getfattrFailure(run.stderr, run.status, dir)
    expect(error).toBeInstanceOf(TreeNotReadableError)
    expect((error as TreeNotReadableError).data.path).toBe(join(dir, 'locked'))
    expect(getfattrFailure('', 0, dir)).toBeUndefined()
    expect(getfattrFailure('getfattr: /x: Operation not supported\n', 1, dir)).toBeInstanceOf(XattrsUnreadableError)
  })
})

describe('treeXattrs', () => {
  it('gives the root tree its own attributes and each contents copy those of its source, ACLs following a new mode', async () => {
    const { dir: root } = oddTree()
    const work = mkdtempSync(join(tmpdir(), 'xattrs-contents-'))
    const source = join(work, 'tool')
    writeFileSync(source, 'tool')
    execFileSync('setcap', ['cap_net_admin+ep', source])
    execFileSync('setfacl', ['-m', 'u:42:rwx,g::r-x', source])
    chmodSync(source, 0o775)
    const plain = join(work, 'plain')
    writeFileSync(plain, 'replaces ping without attributes')
    const staged = stageContents([
      { source, target: '/bin/tool', mode: '640' },
      { source: plain, target: '/ping' },
    ], root, join(work, 'overlay'))
    const got = await treeXattrs(root, staged)

    expect(got['/sp ace']).toEqual({ 'user.x': valueOf(join(root, 'sp ace'), 'user.x') })
    expect(got['/']).toEqual({ 'user.root': valueOf(root, 'user.root') })
    expect(got['/ping']).toBeUndefined() // replaced by a copy that has none
    expect(got['/bin']).toBeUndefined() // a directory the overlay created
    // The kernel's own chmod of an ACL-carrying file is the oracle for the copy's ACL.
    const chmodded = join(work, 'chmodded')
    execFileSync('cp', ['-a', source, chmodded])
    chmodSync(chmodded, 0o640)
    expect(got['/bin/tool']).toEqual({
      'security.capability': valueOf(source, 'security.capability'),
      'system.posix_acl_access': valueOf(chmodded, 'system.posix_acl_access'),
    })
    expect(got['/bin/tool']!['system.posix_acl_access']).not.toBe(valueOf(source, 'system.posix_acl_access'))
    expect(Object.keys(got)).toEqual([...Object.keys(got)].sort())
  })

  it('without a root tree reads only the contents sources', async () => {
    const work = mkdtempSync(join(tmpdir(), 'xattrs-noroot-'))
    const source = join(work, 'f')
    writeFileSync(source, 'f')
    setfattr(source, 'user.only', 'copy')
    setfattr(work, 'user.not-the-root', 'x')
    const staged = stageContents([{ source, target: '/etc/f' }], join(work, 'missing-root'), join(work, 'overlay'))
    expect(await treeXattrs(undefined, staged)).toEqual({ '/etc/f': { 'user.only': valueOf(source, 'user.only') } })
  })
})

describe('ext4CanStore', () => {
  it('keeps the namespaces the ext4 driver handles and leaves out other file systems\' own', () => {
    const names = ['user.x', 'trusted.t', 'security.capability', 'security.selinux', 'system.posix_acl_access', 'system.posix_acl_default',
      'btrfs.compression', 'system.nfs4_acl', 'system.cifs_acl', 'system.data', 'user.']
    expect(names.filter(ext4CanStore)).toEqual(names.slice(0, 6))
  })
})
