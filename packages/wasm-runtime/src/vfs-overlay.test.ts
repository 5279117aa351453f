import { execFileSync } from 'node:child_process'
import { link, lstat, mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises'
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

describe('virtual file tree binds: host trees mounted at a virtual path', () => {
  const overlayScript = fileURLToPath(new URL('../child/vfs-overlay.cjs', import.meta.url))
  let host: string // a store path's tree
  let single: string // a host file bound over a layer's file
  beforeAll(async () => {
    host = join(dir, 'host-pkg')
    await mkdir(join(host, 'bin'), { recursive: true })
    await mkdir(join(host, 'share/doc'), { recursive: true })
    await writeFile(join(host, 'bin/tool'), 'tool-bytes', { mode: 0o555 })
    await writeFile(join(host, 'share/doc/a'), 'same inode')
    await link(join(host, 'share/doc/a'), join(host, 'share/doc/b'))
    await symlink('../bin/tool', join(host, 'share/tool-link'))
    await symlink('/etc/hostname', join(host, 'share/abs-link'))
    await utimes(join(host, 'bin/tool'), 1, 1)
    single = join(dir, 'host-sh')
    await writeFile(single, 'bound shell', { mode: 0o700 })
  })
  const withBinds = (extra: Partial<VfsManifest> = {}): VfsManifest =>
    manifest({ binds: [{ path: '/etc/pkg', host }, { path: '/bin/sh', host: single }, { path: '/etc/ssh', host: join(host, 'share/doc') }], ...extra })

  it('lists a bound name among its parent\'s names in byte order, and the host tree below it', async () => {
    const out = await runProbe(['ls', `${mountPoint}/etc`, 'ls', `${mountPoint}/etc/pkg`, 'ls', `${mountPoint}/etc/pkg/share`, 'ls', `${mountPoint}/bin`,
      'ls', `${mountPoint}/etc/ssh`, 'cat', `${mountPoint}/etc/ssh/key`], withBinds())
    expect(out).toContain('ls alpha hostname link pkg ssh zeta\n')
    expect(out).toContain('ls bin share\n')
    expect(out).toContain('ls abs-link doc tool-link\n')
    expect(out).toContain('ls sh\n') // the bind at a layer's name is listed once
    expect(out).toContain('ls a b\n') // a bound directory hides the layers' directory there: no /etc/ssh/key
    expect(out).toContain('cat: errno 44\n')
  })

  it('reads, stats and follows links of the host tree as the host has them; a bind wins over the layers\' entry', async () => {
    const out = await runProbe(['cat', `${mountPoint}/etc/pkg/bin/tool`, 'lstat', `${mountPoint}/etc/pkg/bin/tool`,
      'readlink', `${mountPoint}/etc/pkg/share/tool-link`, 'cat', `${mountPoint}/etc/pkg/share/tool-link`,
      'cat', `${mountPoint}/etc/pkg/share/abs-link`, 'lstat', `${mountPoint}/etc/pkg/share/doc/b`,
      'cat', `${mountPoint}/bin/sh`, 'lstat', `${mountPoint}/bin/sh`, 'lstat', `${mountPoint}/etc/pkg/missing`], withBinds())
    expect(out).toContain('cat 10 tool-bytes\n')
    expect(out).toMatch(new RegExp(`stat ${mountPoint}/etc/pkg/bin/tool: mode=100555 uid=\\d+ gid=\\d+ size=10 nlink=1 atime=\\d+ mtime=1 `))
    expect(out).toContain('readlink 11 ../bin/tool\n')
    expect(out.match(/cat 10 tool-bytes\n/g)).toHaveLength(2)
    expect(out).toContain('cat 12 from-overlay\n') // an absolute link resolves in the virtual tree, not on the host
    expect(out).toMatch(new RegExp(`stat ${mountPoint}/etc/pkg/share/doc/b: mode=100644 uid=\\d+ gid=\\d+ size=10 nlink=2 `))
    expect(out).toContain('cat 11 bound shell\n')
    expect(out).toContain(`stat ${mountPoint}/bin/sh: mode=100700 `)
    expect(out).toContain(`stat ${mountPoint}/etc/pkg/missing: errno 44\n`)
  })

  it('applies rules, exact-path attributes and the time settings by virtual path inside a bind', async () => {
    const b64 = (text: string) => Buffer.from(text).toString('base64')
    const out = await runProbe(['lstat', `${mountPoint}/etc/pkg/bin/tool`, 'lstat', `${mountPoint}/etc/pkg`, 'xattrs', `${mountPoint}/etc/pkg/bin/tool`,
      'xattrs', `${mountPoint}/etc/pkg/share/doc/a`],
    withBinds({
      rules: [{ path: '/etc/pkg', recursive: true, uid: 7, gid: 8 }, { path: '/etc/pkg/bin/tool', mode: 0o4755 }],
      xattrsByPath: { '/etc/pkg/bin/tool': { 'security.capability': b64('cap') } },
      mtimeClamp: 100,
      uniformTimes: true,
    }))
    expect(out).toContain(`stat ${mountPoint}/etc/pkg/bin/tool: mode=104755 uid=7 gid=8 size=10 nlink=1 atime=1 mtime=1 ctime=1\n`)
    expect(out).toMatch(new RegExp(`stat ${mountPoint}/etc/pkg: mode=40\\d+ uid=7 gid=8 .* atime=100 mtime=100 ctime=100\n`))
    expect(out).toContain('xattrs 20 security.capability=cap\n')
    expect(out).toContain('xattrs 0\n')
  })

  it('reports the host\'s inode numbers, so hard links inside a bind keep one identity (mke2fs -d pairs them by st_dev/st_ino)', async () => {
    const script = `const fs = require('fs'); require(${JSON.stringify(overlayScript)}).install(${JSON.stringify(withBinds())});
      const s = (p) => { const st = fs.lstatSync(${JSON.stringify(mountPoint)} + p); return [st.dev, st.ino, st.nlink] };
      console.log(JSON.stringify([s('/etc/pkg/share/doc/a'), s('/etc/pkg/share/doc/b'), s('/etc/pkg/bin/tool')]))`
    const [a, b, tool] = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as number[][]
    const hostA = await lstat(join(host, 'share/doc/a'))
    expect(a).toEqual([hostA.dev, hostA.ino, 2])
    expect(b).toEqual(a)
    expect(tool![1]).not.toBe(hostA.ino)
  })

  it('rejects unusable binds naming the field', async () => {
    const field = async (binds: VfsManifest['binds']) =>
      ((await runWasmTool({ script: probe, args: [], vfs: manifest({ binds }) }).catch((e: unknown) => e)) as VfsManifestError).data.field
    expect(await field([{ path: 'etc/pkg', host }])).toBe('binds[0].path')
    expect(await field([{ path: '/', host }])).toBe('binds[0].path')
    expect(await field([{ path: '/etc/pkg', host: join(dir, 'no-such-host') }])).toBe('binds[0].host')
    expect(await field([{ path: '/etc/pkg', host: 'relative' }])).toBe('binds[0].host')
    expect(await field([{ path: '/etc/pkg', host }, { path: '/etc/pkg/bin', host }])).toBe('binds[1].path')
    expect(await field([{ path: '/nix/store/pkg', host }])).toBe('binds[0].path') // no layer holds /nix/store
  })
})
