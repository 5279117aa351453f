import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildImage, FileNameNotUtf8Error, InvalidOptionsError, type ImageOptions } from '@diskimage/core'
import { UnregisteredPathError } from '@diskimage/nix'
import { nativeFsck, rdump, statInImage } from './helpers/readBackExt4.js'
import { runBuild } from '../packages/cli/src/commands/build.js'
import { captureIo } from '../packages/cli/src/__fixtures__/captureIo.js'
import { buildCli, CLI } from './reliability/helpers/cli.js'
import { closureInfoRegistration, exportStream, nix, NIX_ENV } from './helpers/nixStore.js'

let work: string
let store: string // the chroot store's root: paths live in `${store}/nix/store`
const paths = {} as Record<'a' | 'fixed' | 'lib' | 'toplevel' | 'channel' | 'extra' | 'unrelated', string>
let closure: string[] // what the image must hold: closures of toplevel, channel, extra (asked from nix-store)
let closureInfo: string
const DERIVER = '/nix/store/5y5q3mabcdfghijklmnpqrsvwxyz0123-nixos-system-test-24.05.drv'

/** dump-db output with every deriver line emptied: pkgs.closureInfo's registration carries none, so neither does an image made from it. */
function withoutDerivers(dump: string): string {
  const lines = dump.split('\n')
  for (let i = 0; i + 4 < lines.length && lines[i] !== ''; i += 5 + Number(lines[i + 4])) lines[i + 3] = ''
  return lines.join('\n')
}

/** `nix-store --verify --check-contents` on a tree: its exit code and what it said (Nix reports on stderr, and "fixes" a missing hash silently with exit 0). */
function verify(root: string): { status: number | null; said: string } {
  const r = spawnSync('nix-store', ['--store', root, '--verify', '--check-contents'], { env: NIX_ENV, encoding: 'utf8' })
  return { status: r.status, said: r.stdout + r.stderr }
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'nixos-'))
  store = join(work, 'store')
  const src = join(work, 'src')
  mkdirSync(src)
  const add = (name: string, content: string, extra: string[] = []) => {
    writeFileSync(join(src, name), content)
    return nix(['nix-store', '--store', store, ...extra, join(src, name)]).trim()
  }
  paths.a = add('a.txt', 'hello from a\n', ['--add'])
  mkdirSync(join(src, 'fixed-dir/sub'), { recursive: true })
  writeFileSync(join(src, 'fixed-dir/sub/data'), Buffer.alloc(10000, 7))
  symlinkSync('sub/data', join(src, 'fixed-dir/link'))
  paths.fixed = nix(['nix-store', '--store', store, '--add-fixed', '--recursive', 'sha256', join(src, 'fixed-dir')]).trim()
  paths.extra = add('extra.txt', 'an additional path\n', ['--add'])
  paths.unrelated = add('unrelated.txt', 'not in any closure\n', ['--add'])
  mkdirSync(join(src, 'channel/nixos'), { recursive: true })
  writeFileSync(join(src, 'channel/nixos/default.nix'), '{ }\n')
  paths.channel = nix(['nix-store', '--store', store, '--add', join(src, 'channel')]).trim()
  // Paths with references, imported as nix-store --export streams (hash parts are made up, as a builder's outputs are).
  paths.lib = '/nix/store/0l1b2l3b4l5b6l7b8l9b0l1b2l3b4l5b-lib-1.0'
  mkdirSync(join(src, 'lib/lib'), { recursive: true })
  writeFileSync(join(src, 'lib/lib/libgreet.so'), `greeting in ${paths.a}\n`)
  nix(['nix-store', '--store', store, '--import'], exportStream(join(src, 'lib'), paths.lib, [paths.a]))
  paths.toplevel = '/nix/store/5y5q3mabcdfghijklmnpqrsvwxyz0123-nixos-system-test-24.05'
  mkdirSync(join(src, 'toplevel/bin'), { recursive: true })
  writeFileSync(join(src, 'toplevel/bin/activate'), `#!/bin/sh\n# ${paths.toplevel}\nexec ${paths.lib}/lib/libgreet.so\n`, { mode: 0o755 })
  symlinkSync(paths.fixed, join(src, 'toplevel/data'))
  nix(['nix-store', '--store', store, '--import'], exportStream(join(src, 'toplevel'), paths.toplevel, [paths.lib, paths.fixed, paths.toplevel], DERIVER))

  const roots = [paths.toplevel, paths.channel, paths.extra]
  closure = nix(['nix-store', '--store', store, '--query', '--requisites', ...roots]).trim().split('\n').sort()
  closureInfo = join(work, 'closure-info')
  mkdirSync(closureInfo)
  writeFileSync(join(closureInfo, 'store-paths'), closure.join('\n') + '\n')
  writeFileSync(join(closureInfo, 'registration'), closureInfoRegistration(nix(['nix-store', '--store', store, '--dump-db', ...closure])))
}, 300_000)

afterAll(() => rmSync(work, { recursive: true, force: true }))

const rootOffset = (r: Awaited<ReturnType<typeof buildImage>>) => (r.layout.partitions.find((p) => p.role === 'root')?.firstLba ?? 0) * 512
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')
const fixedNow = Number(process.env.SOURCE_DATE_EPOCH ?? 1)

/** The disk size the reference's own find/du pipeline gives for a tree read back from an image (legacy, 16M additional space). */
function referenceDiskSize(back: string): number {
  const tree = mkdtempSync(join(work, 'installed-'))
  execFileSync('cp', ['-a', `${back}/.`, tree])
  rmSync(join(tree, 'lost+found'), { recursive: true }) // mke2fs's, not part of the reference's $root
  const script = join(import.meta.dirname, '../packages/core/src/autosize/__fixtures__/reference-auto-size.sh')
  const out = execFileSync('bash', [script], { cwd: tree, encoding: 'utf8', env: { ...process.env, LAYOUT: 'legacy', BOOT: '256M', ADDITIONAL: '16M' } })
  return Number(out.trim().split(' ')[4])
}

async function buildNixos(name: string, extra: Partial<ImageOptions> = {}) {
  // With `nixos`, root is optional (docs/nixos.md) but ImageOptions still declares it required;
  // this expectation fails, to be removed, once core's type says `root?: string`.
  return buildImage({
    out: join(work, name),
    partitionTableType: 'legacy',
    additionalSpace: '16M',
    installBootLoader: false,
    nixos: { toplevel: paths.toplevel, closureInfo, channel: paths.channel, hostStore: join(store, 'nix/store') },
    additionalPaths: [paths.extra],
    ...extra,
  })
}

describe('NixOS inputs: an image from a closure made by Debian nix-store', () => {
  let image: Awaited<ReturnType<typeof buildImage>>
  let back: string

  beforeAll(async () => {
    image = await buildNixos('full')
    back = rdump(image.imagePath, rootOffset(image))
  }, 300_000)

  it('native e2fsck -fn finds the file system clean', () => {
    const fsck = nativeFsck(image.imagePath, rootOffset(image))
    expect(fsck.output).not.toMatch(/error|fix\?|inconsisten/i)
    expect(fsck.code).toBe(0)
  })

  it('/nix/store holds exactly the closure of toplevel, channel and additionalPaths (not the rest of the host store)', () => {
    const names = readdirSync(join(back, 'nix/store')).filter((n) => n !== '.links').sort()
    expect(names).toEqual(closure.map((p) => p.slice('/nix/store/'.length)).sort())
    expect(names).not.toContain(paths.unrelated.slice('/nix/store/'.length))
  })

  it('the real nix-store reads our database: --verify --check-contents is clean, requisites and references are the host store\'s', () => {
    const checked = verify(back)
    expect(checked.said).not.toMatch(/modified|disappeared|fixing|error|invalid|warning/i)
    expect(checked.status).toBe(0)
    const requisites = nix(['nix-store', '--store', back, '--query', '--requisites', paths.toplevel]).trim().split('\n').sort()
    expect(requisites).toEqual(nix(['nix-store', '--store', store, '--query', '--requisites', paths.toplevel]).trim().split('\n').sort())
    const dump = (root: string) => nix(['nix-store', '--store', root, '--dump-db', ...closure])
    expect(dump(store)).toContain(`\n${DERIVER}\n`)
    expect(dump(back)).toEqual(withoutDerivers(dump(store))) // hash, narSize and references of every path
    for (const p of closure) expect(nix(['nix-store', '--store', back, '--check-validity', '--print-invalid', p]).trim(), p).toBe('')
    expect(() => nix(['nix-store', '--store', back, '--check-validity', paths.unrelated])).toThrow()
  })

  it('the database has the schema Nix creates and the fixed registration time', () => {
    const master = (db: string) => execFileSync('sqlite3', [db, 'select type, name, tbl_name, sql from sqlite_master order by name'], { encoding: 'utf8' })
    expect(master(join(back, 'nix/var/nix/db/db.sqlite'))).toBe(master(join(store, 'nix/var/nix/db/db.sqlite')))
    expect(readFileSync(join(back, 'nix/var/nix/db/schema'), 'utf8')).toBe(readFileSync(join(store, 'nix/var/nix/db/schema'), 'utf8'))
    const times = execFileSync('sqlite3', [join(back, 'nix/var/nix/db/db.sqlite'), 'select distinct registrationTime from ValidPaths'], { encoding: 'utf8' })
    expect(times.trim()).toBe(String(fixedNow))
  })

  it('the system profile resolves to toplevel (nix-env lists generation 1 as current), the channel is root\'s', () => {
    const profiles = join(back, 'nix/var/nix/profiles')
    expect(readlinkSync(join(profiles, 'system'))).toBe('system-1-link')
    expect(readlinkSync(join(profiles, 'system-1-link'))).toBe(paths.toplevel)
    expect(existsSync(join(back, paths.toplevel, 'bin/activate'))).toBe(true)
    const generations = nix(['nix-env', '--store', back, '-p', join(profiles, 'system'), '--list-generations'])
    expect(generations).toMatch(/^\s*1\s.*\(current\)\s*$/m)
    expect(readlinkSync(join(profiles, 'per-user/root/channels'))).toBe('channels-1-link')
    expect(readlinkSync(join(profiles, 'per-user/root/channels-1-link'))).toBe(paths.channel)
    expect(readlinkSync(join(back, 'root/.nix-defexpr/channels'))).toBe('/nix/var/nix/profiles/per-user/root/channels')
    expect(readFileSync(join(back, 'etc/NIXOS'), 'utf8')).toBe('')
  })

  it('owners, modes and times in the image are those of a root nixos-install, fixed for the deterministic build', () => {
    const top = paths.toplevel
    const facts = statInImage(image.imagePath, rootOffset(image), ['/nix/store', top, `${top}/bin/activate`, '/nix/var/nix/db/db.sqlite', '/nix/var/nix/db/big-lock', '/root/.nix-defexpr', '/etc/NIXOS'])
    const of = (p: string) => { const f = facts.get(p)!; return { mode: f.mode & 0o7777, uid: f.uid, gid: f.gid } }
    expect(of(top)).toEqual({ mode: 0o555, uid: 0, gid: 0 })
    expect(of(`${top}/bin/activate`)).toEqual({ mode: 0o555, uid: 0, gid: 0 })
    expect(of('/nix/var/nix/db/db.sqlite')).toEqual({ mode: 0o644, uid: 0, gid: 0 })
    expect(of('/nix/var/nix/db/big-lock')).toEqual({ mode: 0o600, uid: 0, gid: 0 })
    expect(of('/root/.nix-defexpr')).toEqual({ mode: 0o700, uid: 0, gid: 0 })
    expect(facts.get(`${top}/bin/activate`)!.mtime).toBe(1) // the store's own time
    expect(facts.get('/etc/NIXOS')!.mtime).toBe(fixedNow)
  })

  it('the automatic disk size is the reference\'s, computed by its own find/du pipeline over the installed tree', () => {
    expect(image.diskSize).toBe(referenceDiskSize(back))
  })

  it('an unprivileged user (uid 65534) builds the same bytes from the root-owned store, and leaves only the image behind', () => {
    buildCli()
    const NOBODY = 65534
    chmodSync(work, 0o755) // mkdtemp made it 0700: the unprivileged user must reach the store and the closure info
    const out = join(work, 'nobody')
    mkdirSync(out)
    chownSync(out, NOBODY, NOBODY)
    const nixos = JSON.stringify({ toplevel: paths.toplevel, closureInfo, channel: paths.channel, hostStore: join(store, 'nix/store') })
    const run = spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, CLI, '--nixos', nixos, '--additional-paths', paths.extra,
      '--out', out, '--partition-table-type', 'legacy', '--additional-space', '16M', '--no-install-boot-loader', '--quiet'], { encoding: 'utf8' })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(readdirSync(out).sort()).toEqual(['nix-support', 'nixos.img'])
    expect(sha256(join(out, 'nixos.img'))).toBe(sha256(image.imagePath))
  })

  it('an unprivileged build from a root-owned store whose hard links the kernel refuses reads the store in place: nothing of it under out during the build, same bytes', async () => {
    buildCli()
    const NOBODY = 65534
    chmodSync(work, 0o755)
    const out = join(work, 'nobody-in-place')
    mkdirSync(out)
    chownSync(out, NOBODY, NOBODY)
    const hostStore = join(store, 'nix/store')
    const storeFile = join(hostStore, paths.lib.slice('/nix/store/'.length), 'lib/libgreet.so')
    // The case the old store view had to copy: protected_hardlinks refuses nobody's link to root's file.
    const link = spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', 'ln', storeFile, join(out, 'probe-link')], { encoding: 'utf8' })
    expect(link.status).not.toBe(0)
    expect(link.stderr).toMatch(/Operation not permitted/)
    const nixos = JSON.stringify({ toplevel: paths.toplevel, closureInfo, channel: paths.channel, hostStore })
    const child = spawn('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, CLI, '--nixos', nixos, '--additional-paths', paths.extra,
      '--out', out, '--partition-table-type', 'legacy', '--additional-space', '16M', '--no-install-boot-loader'], { detached: true, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    let seenDuringBuild: string[] | undefined
    let contentsDuringBuild = '' // sha256sum lines of the small non-empty files (the store's are all below 1 MiB)
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
      if (seenDuringBuild !== undefined || !stderr.includes('[rootfs] writing the root file system')) return
      // Staging is done and the file system not yet written: stop the build and look at what it made.
      process.kill(-child.pid!, 'SIGSTOP')
      try {
        seenDuringBuild = execFileSync('find', [out, '-printf', '%P\\n'], { encoding: 'utf8' }).split('\n').filter((p) => p !== '')
        contentsDuringBuild = execFileSync('find', [out, '-type', 'f', '-size', '-1024k', '-size', '+0', '-exec', 'sha256sum', '{}', '+'], { encoding: 'utf8' })
      } finally {
        process.kill(-child.pid!, 'SIGCONT')
      }
    })
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(stderr).not.toMatch(/error/i)
    expect(status).toBe(0)
    expect(seenDuringBuild).toBeDefined()
    expect(seenDuringBuild!.length).toBeGreaterThan(0) // the scratch directory and its install tree were there
    const storeNames = new Set(closure.map((p) => p.slice('/nix/store/'.length)))
    // and every file and symlink name inside them (directory names like lib/ or nixos/ are common words)
    const files = (p: string) => execFileSync('find', [join(hostStore, p.slice('/nix/store/'.length)), '!', '-type', 'd', '-printf', '%f\\n'], { encoding: 'utf8' }).split('\n')
    for (const p of closure) for (const name of files(p)) if (name) storeNames.add(name)
    expect(seenDuringBuild!.filter((p) => storeNames.has(p.split('/').pop()!))).toEqual([])
    // nor any of their contents under another name
    const storeHashes = execFileSync('find', [hostStore, '-type', 'f', '-size', '+0', '-exec', 'sha256sum', '{}', '+'], { encoding: 'utf8' }).split('\n').map((l) => l.split(' ')[0]).filter((h) => h)
    expect(storeHashes.length).toBeGreaterThan(3)
    expect(contentsDuringBuild.split('\n').filter((l) => storeHashes.includes(l.split(' ')[0]!))).toEqual([])
    expect(readdirSync(out).sort()).toEqual(['nix-support', 'nixos.img'])
    expect(sha256(join(out, 'nixos.img'))).toBe(sha256(image.imagePath))
  })

  it('two builds are bit-identical', async () => {
    const again = await buildNixos('full-again')
    expect(sha256(again.imagePath)).toBe(sha256(image.imagePath))
  })
})

describe('NixOS inputs: other forms', () => {
  it('onlyNixStore: the file system root holds exactly the closure, labelled nix-store, each path with its registered NAR hash', async () => {
    const r = await buildNixos('store-only', { onlyNixStore: true, partitionTableType: 'none' })
    expect(nativeFsck(r.imagePath, 0).code).toBe(0)
    expect(execFileSync('blkid', ['-o', 'value', '-s', 'LABEL', r.imagePath], { encoding: 'utf8' }).trim()).toBe('nix-store')
    const back = rdump(r.imagePath, 0)
    expect(readdirSync(back).filter((n) => n !== 'lost+found').sort()).toEqual(closure.map((p) => p.slice('/nix/store/'.length)).sort())
    for (const p of closure) {
      const registered = nix(['nix-store', '--store', store, '--query', '--hash', p]).trim()
      expect(`sha256:${nix(['nix-hash', '--type', 'sha256', '--base32', join(back, p.slice('/nix/store/'.length))]).trim()}`, p).toBe(registered)
    }
    const again = await buildNixos('store-only-again', { onlyNixStore: true, partitionTableType: 'none' })
    expect(sha256(again.imagePath)).toBe(sha256(r.imagePath))
  })

  it('a registration file (nix-store --dump-db) with copyChannel false: no channel, the closure of toplevel and additionalPaths', async () => {
    const registration = join(work, 'dump-db')
    writeFileSync(registration, nix(['nix-store', '--store', store, '--dump-db', ...closure]))
    const r = await buildNixos('registration', { nixos: { toplevel: paths.toplevel, registration, hostStore: join(store, 'nix/store') }, copyChannel: false })
    const back = rdump(r.imagePath, rootOffset(r))
    const expected = nix(['nix-store', '--store', store, '--query', '--requisites', paths.toplevel, paths.extra]).trim().split('\n').sort()
    expect(readdirSync(join(back, 'nix/store')).filter((n) => n !== '.links').sort()).toEqual(expected.map((p) => p.slice('/nix/store/'.length)).sort())
    expect(verify(back)).toMatchObject({ status: 0, said: expect.not.stringMatching(/modified|fixing|error|warning/i) })
    // a registration with derivers (dump-db's) keeps them: every field of every path as the host store has it
    expect(nix(['nix-store', '--store', back, '--dump-db'])).toBe(nix(['nix-store', '--store', store, '--dump-db', ...expected]))
    expect(existsSync(join(back, 'root/.nix-defexpr'))).toBe(false)
    expect(existsSync(join(back, 'nix/var/nix/profiles/per-user/root/channels'))).toBe(false)
  })

  it('the CLI: --config with nixos paths relative to the file, --no-copy-channel, --json; the image holds the closure and configFile', async () => {
    const configFile = join(work, 'configuration.nix')
    writeFileSync(configFile, '{ ... }: { }\n')
    const config = join(work, 'image.json')
    writeFileSync(config, JSON.stringify({ nixos: { toplevel: paths.toplevel, closureInfo: 'closure-info', hostStore: 'store/nix/store' }, configFile: 'configuration.nix' }))
    const { out, io } = captureIo()
    const code = await runBuild(['--config', config, '--out', join(work, 'cli'), '--no-copy-channel', '--no-install-boot-loader', '--additional-space', '16M', '--quiet', '--json'], io)
    expect(out.stderr).toBe('')
    expect(code).toBe(0)
    const result = JSON.parse(out.stdout) as { imagePath: string; layout: { partitions: { role: string; firstLba: number }[] } }
    const offset = result.layout.partitions.find((p) => p.role === 'root')!.firstLba * 512
    const back = rdump(result.imagePath, offset)
    expect(readFileSync(join(back, 'etc/nixos/configuration.nix'), 'utf8')).toBe('{ ... }: { }\n')
    expect(readlinkSync(join(back, 'nix/var/nix/profiles/system-1-link'))).toBe(paths.toplevel)
    expect(verify(back).status).toBe(0)
  })

  it('with a root tree: merged, the tree\'s own directories keep their owners, nixos-install\'s files join them', async () => {
    const root = join(work, 'root-tree')
    mkdirSync(join(root, 'etc'), { recursive: true })
    writeFileSync(join(root, 'etc/hostname'), 'host\n')
    chownSync(join(root, 'etc'), 1234, 5678)
    const r = await buildNixos('with-root', { root, copyChannel: false })
    const back = rdump(r.imagePath, rootOffset(r))
    expect(readFileSync(join(back, 'etc/hostname'), 'utf8')).toBe('host\n')
    expect(readFileSync(join(back, 'etc/NIXOS'), 'utf8')).toBe('')
    const facts = statInImage(r.imagePath, rootOffset(r), ['/etc', '/etc/NIXOS', '/nix/var/nix/db/db.sqlite'])
    expect([facts.get('/etc')!.uid, facts.get('/etc')!.gid]).toEqual([1234, 5678])
    expect([facts.get('/etc/NIXOS')!.uid, facts.get('/nix/var/nix/db/db.sqlite')!.uid]).toEqual([0, 0])
    expect(verify(back).status).toBe(0)
  })

  it('a root tree holding a closure path: the host store\'s path wins (bound over it), and the auto size counts it once, as the reference does on the tree read back', async () => {
    const root = join(work, 'root-tree-with-store')
    const shadowed = join(root, paths.toplevel)
    mkdirSync(shadowed, { recursive: true })
    writeFileSync(join(shadowed, 'stale'), Buffer.alloc(3 * 1024 * 1024, 1)) // 3 MiB the size must not count
    const r = await buildNixos('with-root-store', { root, copyChannel: false })
    const back = rdump(r.imagePath, rootOffset(r))
    expect(readdirSync(join(back, paths.toplevel)).sort()).toEqual(readdirSync(join(store, paths.toplevel)).sort())
    expect(verify(back).status).toBe(0)
    expect(r.diskSize).toBe(referenceDiskSize(back))
  })

  it('refuses a toplevel the registration does not describe, and a missing channel while copyChannel is on', async () => {
    const other = nix(['nix-store', '--store', store, '--add', join(work, 'src/unrelated.txt')]).trim()
    await expect(buildNixos('unregistered', { nixos: { toplevel: other, closureInfo, channel: paths.channel, hostStore: join(store, 'nix/store') } })).rejects.toBeInstanceOf(UnregisteredPathError)
    const e = await buildNixos('no-channel', { nixos: { toplevel: paths.toplevel, closureInfo, hostStore: join(store, 'nix/store') } }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(InvalidOptionsError)
    expect((e as InvalidOptionsError).data.issues.map((i) => i.code)).toEqual(['E_NIXOS_CHANNEL_MISSING'])
    expect(existsSync(join(work, 'unregistered', 'nixos.img'))).toBe(false)
  })

  it('refuses a store path holding a name that is not UTF-8 (the WASM tools could not copy it), naming it, and leaves nothing', async () => {
    const dir = join(work, 'src/latin1')
    mkdirSync(dir)
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/caf`), Buffer.from([0xe9])]), 'x')
    const bad = '/nix/store/0000000000000000000000000000000l-latin1'
    nix(['nix-store', '--store', store, '--import'], exportStream(dir, bad, []))
    const registration = join(work, 'latin1-registration')
    writeFileSync(registration, nix(['nix-store', '--store', store, '--dump-db', bad]))
    const out = join(work, 'latin1-out')
    const e = await buildNixos('latin1-out', { nixos: { toplevel: bad, registration, hostStore: join(store, 'nix/store') }, copyChannel: false, additionalPaths: [] }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(FileNameNotUtf8Error)
    expect((e as Error).message).toMatch(/the NixOS closure: .*0000000000000000000000000000000l-latin1\/caf\\xe9 is not valid UTF-8/)
    expect(existsSync(out)).toBe(false) // the build made it, and removed it again
  })
})
