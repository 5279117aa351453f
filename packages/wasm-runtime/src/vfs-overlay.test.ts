import { lstat, mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runWasmTool, VfsManifestError, type VfsManifest } from './index.js'

const probe = fileURLToPath(new URL('./__fixtures__/probe.cjs', import.meta.url))
const mountPoint = '/__diskimage__/root'

let dir: string
let rootfs: string
let overlay: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wasm-vfs-test-'))
  rootfs = join(dir, 'rootfs')
  overlay = join(dir, 'overlay')
  await mkdir(join(rootfs, 'etc/ssh'), { recursive: true })
  await mkdir(join(rootfs, 'bin'), { recursive: true })
  await mkdir(join(overlay, 'etc'), { recursive: true })
  await writeFile(join(rootfs, 'etc/hostname'), 'from-rootfs')
  await writeFile(join(rootfs, 'etc/zeta'), 'z')
  await writeFile(join(rootfs, 'etc/ssh/key'), 'secret', { mode: 0o644 })
  await writeFile(join(rootfs, 'bin/sh'), 'binary', { mode: 0o755 })
  await writeFile(join(overlay, 'etc/hostname'), 'from-overlay')
  await writeFile(join(overlay, 'etc/alpha'), 'a')
  await symlink('/etc/hostname', join(rootfs, 'etc/link'))
  await utimes(join(rootfs, 'bin/sh'), 2_000_000_000, 2_000_000_000)
  await utimes(join(rootfs, 'etc/zeta'), 1_000_000_000, 1_100_000_000)
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const manifest = (extra: Partial<VfsManifest> = {}): VfsManifest => ({
  mountPoint,
  layers: [overlay, rootfs],
  ...extra,
})
const runProbe = async (args: string[], vfs: VfsManifest, cwd?: string) =>
  (await runWasmTool({ script: probe, tool: 'probe', args, vfs, ...(cwd ? { cwd } : {}) })).stdout

describe('virtual file tree overlay', () => {
  it('lists the union of the layers in byte order, the first layer winning per path', async () => {
    const out = await runProbe(['ls', `${mountPoint}/etc`, 'cat', `${mountPoint}/etc/hostname`, 'cat', `${mountPoint}/etc/zeta`], manifest())
    expect(out).toContain('ls alpha hostname link ssh zeta\n')
    expect(out).toContain('cat 12 from-overlay\n')
    expect(out).toContain('cat 1 z\n')
  })

  it('reports the manifest owner and rule modes/owners, keeping the file type', async () => {
    const vfs = manifest({
      owner: { uid: 0, gid: 0 },
      rules: [
        { path: '/etc/ssh', recursive: true, uid: 101, gid: 102, mode: 0o600 },
        { path: '/bin/sh', mode: 0o4755 },
      ],
    })
    const out = await runProbe(['lstat', `${mountPoint}/etc/hostname`, 'lstat', `${mountPoint}/etc/ssh/key`,
      'lstat', `${mountPoint}/etc/ssh`, 'lstat', `${mountPoint}/bin/sh`, 'lstat', `${mountPoint}/etc/link`], vfs)
    const hostHostname = await lstat(join(overlay, 'etc/hostname'))
    expect(out).toContain(`stat ${mountPoint}/etc/hostname: mode=${(hostHostname.mode).toString(8)} uid=0 gid=0 size=12 `)
    expect(out).toContain(`stat ${mountPoint}/etc/ssh/key: mode=100600 uid=101 gid=102 size=6 `)
    expect(out).toContain(`stat ${mountPoint}/etc/ssh: mode=40600 uid=101 gid=102 `)
    expect(out).toContain(`stat ${mountPoint}/bin/sh: mode=104755 uid=0 gid=0 `)
    expect(out).toMatch(new RegExp(`stat ${mountPoint}/etc/link: mode=120777 uid=0 gid=0 size=13 `))
  })

  it('clamps times and makes atime = ctime = mtime when asked', async () => {
    const out = await runProbe(['lstat', `${mountPoint}/bin/sh`, 'lstat', `${mountPoint}/etc/zeta`],
      manifest({ mtimeClamp: 1_500_000_000, uniformTimes: true }))
    expect(out).toContain('atime=1500000000 mtime=1500000000 ctime=1500000000\n')
    expect(out).toContain('atime=1100000000 mtime=1100000000 ctime=1100000000\n')
  })

  it('resolves symlinks inside the virtual tree, never on the host', async () => {
    const out = await runProbe(['readlink', `${mountPoint}/etc/link`, 'stat', `${mountPoint}/etc/link`], manifest())
    expect(out).toContain('readlink 13 /etc/hostname\n')
    // Followed inside the tree: the overlay's hostname (12 bytes), not the host's /etc/hostname.
    expect(out).toContain(`stat ${mountPoint}/etc/link: mode=100`)
    expect(out).toContain(' size=12 ')
  })

  it('supports chdir into the tree and relative paths (mke2fs -d walks the tree that way)', async () => {
    const out = await runProbe(['chdir', `${mountPoint}/etc`, 'cwd', 'cat', 'hostname', 'chdir', 'ssh', 'cat', 'key',
      'chdir', '..', 'cwd', 'chdir', dir, 'cwd'], manifest())
    expect(out).toContain(`chdir 0\ncwd ${mountPoint}/etc\ncat 12 from-overlay\nchdir 0\ncat 6 secret\nchdir 0\ncwd ${mountPoint}/etc\n`)
    expect(out).toContain(`cwd ${dir}\n`)
  })

  it('refuses writes inside the tree and reports missing paths as missing', async () => {
    const out = await runProbe(['write', `${mountPoint}/etc/new`, 'x', 'lstat', `${mountPoint}/nope`], manifest())
    expect(out).toContain('write EROFS\n')
    expect(out).toContain(`stat ${mountPoint}/nope: errno 44\n`) // 44 = ENOENT in emscripten's (WASI) numbering
  })

  it('gives files the extended attributes the rules name, and nothing to other files', async () => {
    const vfs = manifest({
      rules: [
        { path: '/bin', recursive: true, xattrs: { 'security.selinux': Buffer.from('bin_t').toString('base64') } },
        { path: '/bin/sh', xattrs: { 'user.note': Buffer.from('hi').toString('base64') } },
      ],
    })
    const out = await runProbe(['xattrs', `${mountPoint}/bin/sh`, 'xattrs', `${mountPoint}/etc/hostname`], vfs)
    // 27 = the NUL-terminated names: 'security.selinux' (17) + 'user.note' (10)
    expect(out).toContain('xattrs 27 security.selinux=bin_t user.note=hi\n')
    expect(out).toContain('xattrs 0\n')
  })

  it('gives the exact-path map\'s attributes to that path only, with rules over them', async () => {
    const b64 = (text: string) => Buffer.from(text).toString('base64')
    const vfs = manifest({
      xattrsByPath: {
        '/bin': { 'user.dir': b64('d') },
        '/bin/sh': { 'security.selinux': b64('shell_t'), 'user.note': b64('map') },
        '/etc/alpha': { 'user.a': b64('overlay') },
        '/missing': { 'user.m': b64('never') },
      },
      rules: [{ path: '/bin/sh', xattrs: { 'user.note': b64('rule') } }],
    })
    const out = await runProbe(['xattrs', `${mountPoint}/bin/sh`, 'xattrs', `${mountPoint}/bin`, 'xattrs', `${mountPoint}/etc/alpha`,
      'xattrs', `${mountPoint}/etc/zeta`, 'xattrs', `${mountPoint}/missing`], vfs)
    expect(out).toContain('xattrs 27 security.selinux=shell_t user.note=rule\n')
    expect(out).toContain('xattrs 9 user.dir=d\n')
    expect(out).toContain('xattrs 7 user.a=overlay\n')
    expect(out).toContain('xattrs 0\n') // /etc/zeta: not in the map
    expect(out).not.toContain('never') // /missing: in the map, not in the tree
    const badPath = await runWasmTool({ script: probe, args: [], vfs: manifest({ xattrsByPath: { 'bin/sh': {} } }) }).catch((e: unknown) => e)
    expect((badPath as VfsManifestError).data.field).toBe('xattrsByPath')
    const badName = await runWasmTool({ script: probe, args: [], vfs: manifest({ xattrsByPath: { '/bin/sh': { capability: 'AA==' } } }) }).catch((e: unknown) => e)
    expect((badName as VfsManifestError).data.field).toBe('xattrsByPath["/bin/sh"]')
  })

  it('rejects an unusable manifest naming the field', async () => {
    const error = await runWasmTool({ script: probe, args: [], vfs: { mountPoint: 'relative', layers: [rootfs] } })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(VfsManifestError)
    expect((error as VfsManifestError).data.field).toBe('mountPoint')
    const badRule = await runWasmTool({ script: probe, args: [], vfs: manifest({ rules: [{ path: '/etc', mode: 0o17777 }] }) })
      .catch((e: unknown) => e)
    expect((badRule as VfsManifestError).data.field).toBe('rules[0].mode')
  })
})
