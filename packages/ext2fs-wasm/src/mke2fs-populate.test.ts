import { execFileSync } from 'node:child_process'
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mke2fs } from './index.js'
import { atOffset, nativeFsck, nativeStat } from './__fixtures__/native-debugfs.js'
import { hostXattrs } from './__fixtures__/host-xattrs.js'
import { longAsciiName, longUtf8Name, utf8Name, writeSampleTree } from './__fixtures__/sample-tree.js'

const MiB = 1024 * 1024
const offset = 3 * MiB // the file system sits inside a bigger image, like a partition
const mountPoint = '/__diskimage__/root'

let dir: string
let source: string
let overlay: string
let image: string

async function walk(root: string, rel = ''): Promise<string[]> {
  const out: string[] = []
  for (const name of await readdir(join(root, rel))) {
    const path = `${rel}/${name}`
    out.push(path)
    if ((await lstat(join(root, path))).isDirectory()) out.push(...(await walk(root, path)))
  }
  return out
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mke2fs-populate-'))
  source = join(dir, 'rootfs')
  overlay = join(dir, 'overlay')
  await writeSampleTree(source)
  await mkdir(join(overlay, 'a'), { recursive: true })
  await writeFile(join(overlay, 'hello.txt'), 'replaced by the overlay\n')
  await writeFile(join(overlay, 'a/from-overlay'), 'only in the overlay\n')
  // A file capability, as Debian's ping has, plus a user attribute, set on the host by the
  // real tools and read back with getfattr: the virtual tree hands them to mke2fs -d.
  await writeFile(join(source, 'ping'), 'ping\n', { mode: 0o755 })
  execFileSync('setcap', ['cap_net_raw+ep', join(source, 'ping')])
  execFileSync('setfattr', ['-n', 'user.comment', '-v', 'hello', join(source, 'ping')])
  image = join(dir, 'disk.img')
  // Bytes before and after the file system must survive untouched.
  await writeFile(image, Buffer.alloc(offset, 0xa5))
  await mke2fs(
    ['-F', '-q', '-t', 'ext4', '-L', 'root', '-E', `offset=${offset}`, '-d', mountPoint, image, '32M'],
    {
      vfs: {
        mountPoint,
        layers: [overlay, source],
        owner: { uid: 0, gid: 0 },
        rules: [
          { path: '/private', recursive: true, uid: 1234, gid: 5678 },
          { path: '/hello.txt', mode: 0o640 },
          { path: '/ping', xattrs: hostXattrs(join(source, 'ping')) },
        ],
      },
    },
  )
}, 120_000)

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('WASM mke2fs -d at a byte offset', () => {
  it('leaves the bytes before the offset alone and makes a file system native e2fsck finds clean', async () => {
    const head = (await readFile(image)).subarray(0, offset)
    expect(head.equals(Buffer.alloc(offset, 0xa5))).toBe(true)
    const fsck = nativeFsck(atOffset(image, offset))
    expect(fsck.output).toContain('root: ')
    expect(fsck.code).toBe(0)
  })

  it('stores every file, directory and symlink of the union equal to the source (native debugfs rdump)', async () => {
    const out = join(dir, 'rdump')
    await mkdir(out)
    execFileSync('debugfs', ['-R', `rdump / ${out}`, atOffset(image, offset)], { stdio: 'ignore' })
    const dumped = out
    const expected = new Map<string, string>() // path → which layer provides it
    for (const p of await walk(source)) expected.set(p, source)
    for (const p of await walk(overlay)) expected.set(p, overlay)
    expected.delete('/fifo') // rdump skips special files; checked with stat below
    for (const [path, layer] of expected) {
      const src = join(layer, path)
      const st = await lstat(src)
      const got = join(dumped, path)
      if (st.isSymbolicLink()) expect(await readlink(got), path).toBe(await readlink(src))
      else if (st.isDirectory()) expect((await lstat(got)).isDirectory(), path).toBe(true)
      else expect((await readFile(got)).equals(await readFile(src)), path).toBe(true)
    }
    // Nothing extra besides lost+found.
    const names = (await walk(dumped)).filter((p) => !p.startsWith('/lost+found'))
    expect(names.sort()).toEqual([...expected.keys()].sort())
    expect(names).toContain(`/${utf8Name}`)
    expect(names).toContain(`/${longAsciiName}`)
    expect(names).toContain(`/a/${longUtf8Name}`)
  })

  it('keeps types, modes, link counts and symlink targets; applies the VFS owners and modes', async () => {
    const paths = ['/hello.txt', '/fifo', '/hard1', '/a/hard2', '/setuid-tool', '/private', '/private/secret', '/link-rel',
      '/empty', '/sparse.bin', '/a/b/c/d/deep.txt', '/a/from-overlay']
    const stats = nativeStat(atOffset(image, offset), paths)
    const st = (p: string) => {
      const s = stats.get(p)
      if (!s) throw new Error(`no stat for ${p}`)
      return s
    }
    expect(st('/fifo').type).toBe('FIFO')
    expect(st('/hard1').links).toBe(2)
    expect(st('/a/hard2').links).toBe(2)
    expect(st('/setuid-tool').mode).toBe(0o4755)
    expect(st('/private').mode).toBe(0o700)
    expect(st('/private/secret')).toMatchObject({ mode: 0o600, uid: 1234, gid: 5678 })
    expect(st('/private')).toMatchObject({ uid: 1234, gid: 5678 })
    expect(st('/hello.txt')).toMatchObject({ mode: 0o640, uid: 0, gid: 0, size: 24 })
    expect(st('/link-rel')).toMatchObject({ type: 'symlink', fastLinkTarget: 'hello.txt' })
    expect(st('/empty')).toMatchObject({ type: 'regular', size: 0 })
    expect(st('/sparse.bin').size).toBe(8 * MiB)
    expect(st('/a/b/c/d/deep.txt').mtime).toBe(1_500_000_000)
    for (const p of paths.filter((p) => p !== '/private/secret' && p !== '/private')) {
      expect(st(p).uid, p).toBe(0)
    }
  })

  it('stores the extended attributes given in the virtual tree (file capabilities survive)', async () => {
    const expected = hostXattrs(join(source, 'ping'))
    expect(Object.keys(expected).sort()).toEqual(['security.capability', 'user.comment'])
    for (const [name, base64] of Object.entries(expected)) {
      const out = join(dir, `ea-${name}`)
      execFileSync('debugfs', ['-R', `ea_get -f ${out} /ping ${name}`, atOffset(image, offset)], { stdio: 'ignore' })
      expect((await readFile(out)).toString('base64'), name).toBe(base64)
    }
    const others = execFileSync('debugfs', ['-R', 'ea_list /hello.txt', atOffset(image, offset)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    expect(others).not.toContain('security.capability')
  })

  it('keeps sparse files sparse', () => {
    const blocks = execFileSync('debugfs', ['-R', 'stat /sparse.bin', atOffset(image, offset)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    const count = Number(/Blockcount: (\d+)/.exec(blocks)?.[1])
    // 8 MiB of logical size; data in two 4 KiB (or 1 KiB) blocks plus extent blocks at most.
    expect(count).toBeGreaterThan(0)
    expect(count * 512).toBeLessThan(64 * 1024)
  })
})
