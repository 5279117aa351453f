import { describe, expect, it, beforeEach } from 'vitest'
import { execFileSync } from 'node:child_process'
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, symlinkSync, writeFileSync, chmodSync, utimesSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stageContents } from './stageContents.js'
import type { ContentsEntry } from './contentsEntry.js'
import { ContentsSourceNotFoundError } from '../errors/ContentsSourceNotFoundError.js'
import { DuplicateContentsTargetError } from '../errors/DuplicateContentsTargetError.js'
import { ContentsTargetEscapesError } from '../errors/ContentsTargetEscapesError.js'

/** Every entry below `dir`: path → type, mode, content or link target, mtime. */
function snapshot(dir: string, rel = ''): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of readdirSync(join(dir, rel)).sort()) {
    const p = join(rel, name)
    const st = lstatSync(join(dir, p))
    const mode = (st.mode & 0o7777).toString(8)
    const mtime = Math.floor(st.mtimeMs / 1000)
    if (st.isSymbolicLink()) out[p] = `link ${readlinkSync(join(dir, p))}`
    else if (st.isDirectory()) {
      out[p] = `dir ${mode}`
      Object.assign(out, snapshot(dir, p))
    } else out[p] = `file ${mode} ${mtime} ${readFileSync(join(dir, p), 'utf8')}`
  }
  return out
}

/** The reference's staging loop (make-disk-image.nix, prepareImage), run with bash and rsync. */
function referenceStaging(entries: ContentsEntry[], root: string): void {
  const q = (s: string) => s
  const script = `
set -e
root=${root}
set -f
sources_=(${entries.map((e) => q(e.source)).join(' ')})
targets_=(${entries.map((e) => q(e.target)).join(' ')})
modes_=(${entries.map((e) => e.mode ?? "''").join(' ')})
set +f
for ((i = 0; i < \${#targets_[@]}; i++)); do
  source="\${sources_[$i]}"; target="\${targets_[$i]}"; mode="\${modes_[$i]}"
  if [ -n "$mode" ]; then rsync_chmod_flags="--chmod=$mode"; else rsync_chmod_flags=""; fi
  rsync_flags="-a --no-o --no-g $rsync_chmod_flags"
  if [[ "$source" =~ '*' ]]; then
    mkdir -p $root/$target
    for fn in $source; do rsync $rsync_flags "$fn" $root/$target/; done
  else
    mkdir -p $root/$(dirname $target)
    if [ -e $root/$target ]; then echo "duplicate entry $target -> $source"; exit 1
    elif [ -d $source ]; then rsync $rsync_flags $source/ $root/$target
    else rsync $rsync_flags $source $root/$target; fi
  fi
done`
  execFileSync('bash', ['-c', script], { stdio: 'pipe', env: { ...process.env, LC_ALL: 'C' } })
}

let work: string
let src: string
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'stage-'))
  src = join(work, 'src')
  mkdirSync(join(src, 'dir/sub'), { recursive: true })
  writeFileSync(join(src, 'motd'), 'hello\n')
  writeFileSync(join(src, 'dir/a.conf'), 'a\n')
  writeFileSync(join(src, 'dir/b.conf'), 'b\n')
  writeFileSync(join(src, 'dir/sub/c.txt'), 'c\n')
  writeFileSync(join(src, 'dir/.hidden.conf'), 'h\n')
  symlinkSync('a.conf', join(src, 'dir/link.conf'))
  chmodSync(join(src, 'dir/b.conf'), 0o600)
  for (const f of ['motd', 'dir/a.conf', 'dir/b.conf', 'dir/sub/c.txt', 'dir/.hidden.conf']) utimesSync(join(src, f), 1_000_000, 1_000_000)
})

describe('stageContents matches the reference rsync loop', () => {
  const cases: Array<[string, (s: string) => ContentsEntry[]]> = [
    ['a file', (s) => [{ source: `${s}/motd`, target: '/etc/motd' }]],
    ['a file with a mode', (s) => [{ source: `${s}/motd`, target: '/etc/motd', mode: '640' }]],
    ['a directory copied to the target', (s) => [{ source: `${s}/dir`, target: '/etc/conf.d' }]],
    ['a directory with a mode', (s) => [{ source: `${s}/dir`, target: '/opt/x', mode: '750' }]],
    ['a glob into a directory', (s) => [{ source: `${s}/dir/*.conf`, target: '/etc/glob' }]],
    ['a glob matching directories', (s) => [{ source: `${s}/*`, target: '/srv' }]],
    ['several entries, nested', (s) => [
      { source: `${s}/dir`, target: '/a/b/c' },
      { source: `${s}/motd`, target: '/a/b/motd' },
      { source: `${s}/dir/sub/*`, target: '/a/glob', mode: '600' },
    ]],
  ]
  for (const [name, make] of cases) {
    it(name, () => {
      const entries = make(src)
      const ours = join(work, 'ours')
      const ref = join(work, 'ref')
      mkdirSync(ref)
      mkdirSync(join(work, 'root'))
      stageContents(entries, join(work, 'root'), ours)
      referenceStaging(entries, ref)
      const a = snapshot(ours)
      const b = snapshot(ref)
      // Directories the loop creates with mkdir -p get the time of the run on both sides: compare files' times only.
      expect(a).toEqual(b)
    })
  }
})

describe('stageContents beyond the reference', () => {
  it('keeps names with spaces, quotes and newlines whole', () => {
    const odd = join(src, "we ird 'name'\nline")
    writeFileSync(odd, 'odd\n')
    const out = join(work, 'ours')
    stageContents([{ source: odd, target: "/etc/with space/and 'quote'\nnl" }], join(work, 'root'), out)
    expect(readFileSync(join(out, "etc/with space/and 'quote'\nnl"), 'utf8')).toBe('odd\n')
  })

  it('globs names with spaces without splitting them', () => {
    writeFileSync(join(src, 'dir/with space.conf'), 's\n')
    const out = join(work, 'ours')
    stageContents([{ source: `${src}/dir/*.conf`, target: '/g' }], join(work, 'root'), out)
    expect(readdirSync(join(out, 'g')).sort()).toEqual(['a.conf', 'b.conf', 'link.conf', 'with space.conf'])
  })

  it('rejects a second entry for the same target as the reference does', () => {
    const entries = [
      { source: `${src}/motd`, target: '/etc/motd' },
      { source: `${src}/dir/a.conf`, target: '/etc/motd' },
    ]
    expect(() => stageContents(entries, join(work, 'root'), join(work, 'o'))).toThrow(DuplicateContentsTargetError)
    expect(() => stageContents(entries, join(work, 'root'), join(work, 'o2'))).toThrow(/duplicate entry \/etc\/motd -> .*a\.conf/)
    // and the real loop says the same
    mkdirSync(join(work, 'ref'))
    expect(() => referenceStaging(entries, join(work, 'ref'))).toThrow()
  })

  it('rejects targets with ..', () => {
    const f = () => stageContents([{ source: `${src}/motd`, target: '/etc/../../x' }], join(work, 'root'), join(work, 'o'))
    expect(f).toThrow(ContentsTargetEscapesError)
    expect(f).toThrow(/escapes the image root \(it contains a "\.\." component\)/)
  })

  it('rejects targets below a symlinked directory of the root tree', () => {
    const root = join(work, 'root')
    mkdirSync(root)
    symlinkSync('/tmp', join(root, 'etc'))
    const f = () => stageContents([{ source: `${src}/motd`, target: '/etc/motd' }], root, join(work, 'o'))
    expect(f).toThrow(ContentsTargetEscapesError)
    expect(f).toThrow(/parent \/etc is a symlink/)
  })

  it('names a missing source and an empty glob', () => {
    expect(() => stageContents([{ source: `${src}/nope`, target: '/x' }], join(work, 'root'), join(work, 'o'))).toThrow(ContentsSourceNotFoundError)
    expect(() => stageContents([{ source: `${src}/*.nothing`, target: '/x' }], join(work, 'root'), join(work, 'o2'))).toThrow(/glob matches nothing/)
  })

  it('copies a symlink source as a symlink, never following it out of the tree', () => {
    symlinkSync('/etc/shadow', join(src, 'evil'))
    const out = join(work, 'o')
    stageContents([{ source: `${src}/evil`, target: '/x/evil' }], join(work, 'root'), out)
    expect(lstatSync(join(out, 'x/evil')).isSymbolicLink()).toBe(true)
    expect(readlinkSync(join(out, 'x/evil'))).toBe('/etc/shadow')
  })

  it('gives pass-through directories the root tree mode, times and owner', () => {
    const root = join(work, 'root')
    mkdirSync(join(root, 'etc'), { recursive: true })
    chmodSync(join(root, 'etc'), 0o711)
    utimesSync(join(root, 'etc'), 12345, 12345)
    const out = join(work, 'o')
    const staged = stageContents([{ source: `${src}/motd`, target: '/etc/motd', user: 'root', group: 'wheel' }], root, out)
    const st = lstatSync(join(out, 'etc'))
    expect(st.mode & 0o7777).toBe(0o711)
    expect(Math.floor(st.mtimeMs / 1000)).toBe(12345)
    const rootSt = lstatSync(join(root, 'etc'))
    expect(staged.passThroughOwners).toEqual([{ path: '/etc', uid: rootSt.uid, gid: rootSt.gid }])
    expect(staged.ownership).toEqual([{ path: '/etc/motd', user: 'root', group: 'wheel' }])
  })

  it('gives new parent directories the time it is given (the build\'s fixed "now"), so two builds match', () => {
    const out = join(work, 'o')
    stageContents([{ source: `${src}/motd`, target: '/usr/local/etc/motd' }], join(work, 'root'), out, { time: 1_234_567 })
    for (const dir of ['usr', 'usr/local', 'usr/local/etc']) {
      const st = lstatSync(join(out, dir))
      expect([st.mode & 0o7777, Math.floor(st.mtimeMs / 1000)], dir).toEqual([0o755, 1_234_567])
    }
  })

  it('records where every copy came from and its final mode (for its extended attributes)', () => {
    mkdirSync(join(src, 'copied/sub'), { recursive: true })
    writeFileSync(join(src, 'copied/sub/f'), 'f')
    const staged = stageContents([{ source: `${src}/motd`, target: '/etc/motd', mode: '600' }, { source: `${src}/copied`, target: '/opt/dir' }], join(work, 'root'), join(work, 'o'))
    expect(Object.fromEntries(staged.copiedFrom)).toEqual({
      '/etc/motd': { source: `${src}/motd`, mode: 0o600 },
      '/opt/dir/sub/f': { source: `${src}/copied/sub/f`, mode: lstatSync(join(src, 'copied/sub/f')).mode & 0o7777 },
      '/opt/dir/sub': { source: `${src}/copied/sub`, mode: lstatSync(join(src, 'copied/sub')).mode & 0o7777 },
      '/opt/dir': { source: `${src}/copied`, mode: lstatSync(join(src, 'copied')).mode & 0o7777 },
    })
  })
})
