import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeInstallTree } from './writeInstallTree.js'

// Oracle: Debian's nix-env 2.8 doing what nixos-install does to the target store —
// `nix-env --store $mountPoint -p $mountPoint/nix/var/nix/profiles/system --set $system`
// and the same for root's channels profile — copying from a source chroot store.
const env = { ...process.env, NIX_CONFIG: 'build-users-group =', HOME: tmpdir() }
const run = (args: string[]) => execFileSync(args[0]!, args.slice(1), { env, encoding: 'utf8', stdio: 'pipe' })

let work: string
let nixMade: string
let ours: string
let toplevel: string
let channel: string

/** Every entry below `root/nix` except the store paths themselves: type, permission bits, link target or size. */
function describeTree(root: string, rel = 'nix'): string[] {
  const out: string[] = []
  for (const name of readdirSync(join(root, rel)).sort()) {
    const p = `${rel}/${name}`
    if (rel === 'nix/store' && name !== '.links') continue
    const st = lstatSync(join(root, p))
    const perm = (st.mode & 0o7777).toString(8)
    if (st.isDirectory()) out.push(`${p}/ ${perm}`, ...describeTree(root, p))
    else if (st.isSymbolicLink()) out.push(`${p} -> ${readlinkSync(join(root, p))}`)
    else out.push(`${p} ${perm} ${p.endsWith('db.sqlite') ? 'database' : st.size}`)
  }
  return out
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'install-tree-'))
  const source = join(work, 'source')
  writeFileSync(join(work, 'system'), 'system\n')
  mkdirSync(join(work, 'nixos'))
  toplevel = run(['nix-store', '--store', source, '--add', join(work, 'system')]).trim()
  channel = run(['nix-store', '--store', source, '--add', join(work, 'nixos')]).trim()
  nixMade = join(work, 'mnt')
  const from = ['--substituters', `local?root=${source}`, '--option', 'require-sigs', 'false']
  run(['nix-env', '--store', nixMade, ...from, '-p', join(nixMade, 'nix/var/nix/profiles/system'), '--set', toplevel])
  mkdirSync(join(nixMade, 'nix/var/nix/profiles/per-user/root'), { recursive: true })
  run(['nix-env', '--store', nixMade, ...from, '-p', join(nixMade, 'nix/var/nix/profiles/per-user/root/channels'), '--set', channel])
  ours = join(work, 'ours')
  mkdirSync(ours)
  writeInstallTree(ours, { toplevel, channel, database: new Uint8Array(0) }, 1)
})
afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('writeInstallTree', () => {
  it('/nix holds what nix-env leaves in the target store, but the links Nix points at build-time host paths', () => {
    const buildTimeLinks = (line: string) => line.startsWith('nix/var/nix/gcroots/auto') || line.startsWith('nix/var/nix/gcroots/profiles ->')
    const nix = describeTree(nixMade).filter((l) => !buildTimeLinks(l))
    const ourLines = describeTree(ours)
    expect(ourLines.filter((l) => !buildTimeLinks(l))).toEqual(nix)
    // the documented difference: Nix links $mountPoint's profiles (a host path); on the installed system it is this one
    expect(describeTree(nixMade)).toContain(`nix/var/nix/gcroots/profiles -> ${nixMade}/nix/var/nix/profiles`)
    expect(ourLines).toContain('nix/var/nix/gcroots/profiles -> /nix/var/nix/profiles')
    expect(readFileSync(join(ours, 'nix/var/nix/db/schema'), 'utf8')).toBe(readFileSync(join(nixMade, 'nix/var/nix/db/schema'), 'utf8'))
    expect(readFileSync(join(ours, 'nix/var/nix/db/reserved')).equals(readFileSync(join(nixMade, 'nix/var/nix/db/reserved')))).toBe(true)
  })

  it('adds what nixos-install.sh itself makes: /etc/NIXOS and root\'s channel link, every time fixed', () => {
    expect(describeTree(ours, 'etc')).toEqual(['etc/NIXOS 644 0'])
    expect(describeTree(ours, 'root')).toEqual(['root/.nix-defexpr/ 700', 'root/.nix-defexpr/channels -> /nix/var/nix/profiles/per-user/root/channels'])
    const times = ['nix', 'etc', 'etc/NIXOS', 'nix/var/nix/profiles/system', 'nix/var/nix/db', 'root/.nix-defexpr'].map((p) => lstatSync(join(ours, p)).mtimeMs)
    expect(new Set(times)).toEqual(new Set([1000]))
  })
})
