import { describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeExt4 } from './writeExt4.js'
import type { Ext4Tree } from './ext4Request.js'
import { XattrTooLargeError } from '../errors/XattrTooLargeError.js'
import { generateTree } from '../../../../test/helpers/generateTree.js'
import { listTree, nativeFsck, payload, rdump, statInImage } from '../../../../test/helpers/readBackExt4.js'

const MiB = 1024 * 1024

describe('writeExt4', () => {
  it('writes a populated ext4 at an offset that native e2fsck passes and debugfs reads back equal', async () => {
    const work = mkdtempSync(join(tmpdir(), 'ext4-'))
    const tree = generateTree(join(work, 'tree'), { fifo: true })
    const image = join(work, 'disk.img')
    writeFileSync(image, '')
    truncateSync(image, 96 * MiB)
    const offset = 8 * MiB
    await writeExt4({ image, offset, size: 80 * MiB, label: 'nixos', uuid: 'F222513B-DED1-49FA-B591-20CE86A2FE7F', hashSeed: 'F222513B-DED1-49FA-B591-20CE86A2FE7F', time: 1, tree: { layers: [tree], uniformTimes: true } })

    const fsck = nativeFsck(image, offset)
    expect(fsck.output).toMatch(/clean|Pass 5/)
    expect(fsck.code).toBe(0)

    const out = rdump(image, offset)
    const paths = listTree(tree)
    expect(listTree(out).filter((p) => p !== '/lost+found')).toEqual(paths.filter((p) => !p.endsWith('/fifo'))) // rdump does not recreate fifos
    for (const p of paths) if (!p.endsWith('/fifo')) expect(payload(out, p), p).toBe(payload(tree, p))

    const facts = statInImage(image, offset, paths)
    for (const p of paths.filter((p) => !p.includes('\n'))) {
      const st = lstatSync(join(tree, p))
      const f = facts.get(p)
      expect(f, p).toBeDefined()
      expect(f!.mode, p).toBe(st.mode & 0o7777)
      expect(f!.uid, p).toBe(st.uid)
      expect(f!.gid, p).toBe(st.gid)
      expect(f!.links, p).toBe(st.isDirectory() ? f!.links : st.nlink)
      expect(f!.mtime, p).toBe(Math.floor(st.mtimeMs / 1000))
      if (st.isSymbolicLink()) expect(f!.type).toBe('symlink')
      if (st.isFIFO()) expect(f!.type).toBe('FIFO')
    }
    const label = execFileSync('debugfs', ['-R', 'stats', `${image}?offset=${offset}`], { encoding: 'utf8', stdio: 'pipe' })
    expect(label).toMatch(/Filesystem volume name:\s+nixos/)
    expect(label).toMatch(/Filesystem UUID:\s+f222513b-ded1-49fa-b591-20ce86a2fe7f/)
    expect(label).toMatch(/Maximum mount count:\s+-1/)
    expect(label).toMatch(/Last checked:\s+Thu Jan  1 00:00:00 1970/)
    expect(readlinkSync(join(out, 'names/rel-link'))).toBe('../etc/hostname')
    expect(readFileSync(join(out, 'names/new\nline'), 'utf8')).toBe('newline\n')
  })

  it('binds read host trees in place: the same bytes as the trees copied into the layer, hard links kept, e2fsck clean', async () => {
    const work = mkdtempSync(join(tmpdir(), 'ext4-binds-'))
    const host = join(work, 'host-store')
    mkdirSync(join(host, 'aaa-pkg/share'), { recursive: true })
    writeFileSync(join(host, 'aaa-pkg/share/one'), 'linked twice\n')
    linkSync(join(host, 'aaa-pkg/share/one'), join(host, 'aaa-pkg/share/two'))
    symlinkSync('/nix/store/zzz-file', join(host, 'aaa-pkg/file-link'))
    writeFileSync(join(host, 'zzz-file'), 'a store path that is one file\n')
    mkdirSync(join(host, 'bbb-pkg'))
    linkSync(join(host, 'aaa-pkg/share/one'), join(host, 'bbb-pkg/same')) // auto-optimise-store shares inodes between store paths
    const layer = join(work, 'layer')
    mkdirSync(join(layer, 'nix/store/.links'), { recursive: true })
    const copied = join(work, 'copied')
    execFileSync('cp', ['-a', layer, copied])
    execFileSync('cp', ['-a', ...['aaa-pkg', 'bbb-pkg', 'zzz-file'].map((n) => join(host, n)), join(copied, 'nix/store')]) // one cp keeps the links between them
    execFileSync('touch', ['-r', join(layer, 'nix/store'), join(copied, 'nix/store')]) // adding the copies changed its mtime
    const build = async (name: string, tree: Ext4Tree) => {
      const image = join(work, name)
      writeFileSync(image, '')
      truncateSync(image, 16 * MiB)
      await writeExt4({ image, offset: 0, size: 16 * MiB, label: 'x', uuid: 'F222513B-DED1-49FA-B591-20CE86A2FE7F', hashSeed: 'F222513B-DED1-49FA-B591-20CE86A2FE7F', time: 1, tree: { uniformTimes: true, owner: { uid: 0, gid: 0 }, ...tree } })
      return image
    }
    const bound = await build('bound.img', { layers: [layer], binds: ['aaa-pkg', 'bbb-pkg', 'zzz-file'].map((n) => ({ path: `/nix/store/${n}`, host: join(host, n) })) })
    const reference = await build('copied.img', { layers: [copied] })
    expect(nativeFsck(bound, 0).code).toBe(0)
    expect(readFileSync(bound).equals(readFileSync(reference))).toBe(true)
    const facts = statInImage(bound, 0, ['/nix/store/aaa-pkg/share/one', '/nix/store/zzz-file', '/nix/store/aaa-pkg/file-link'])
    expect(facts.get('/nix/store/aaa-pkg/share/one')!.links).toBe(3) // one inode for the three names, as on the host, across binds too
    expect(facts.get('/nix/store/zzz-file')!.size).toBe(30)
    expect(facts.get('/nix/store/aaa-pkg/file-link')!.type).toBe('symlink')
    const back = rdump(bound, 0)
    expect(readFileSync(join(back, 'nix/store/aaa-pkg/share/two'), 'utf8')).toBe('linked twice\n')
    expect(readFileSync(join(back, 'nix/store/bbb-pkg/same'), 'utf8')).toBe('linked twice\n')
    rmSync(work, { recursive: true, force: true })
  })

  it('an attribute too large for ext4 is XattrTooLargeError naming it and the file', async () => {
    const work = mkdtempSync(join(tmpdir(), 'ext4-bigxattr-'))
    mkdirSync(join(work, 'tree/dir'), { recursive: true })
    writeFileSync(join(work, 'tree/dir/f'), 'f')
    const image = join(work, 'disk.img')
    writeFileSync(image, '')
    truncateSync(image, 32 * MiB)
    const big = Buffer.alloc(6000, 7).toString('base64')
    const error = await writeExt4({ image, offset: 0, size: 32 * MiB, label: 'x', time: 1, tree: { layers: [join(work, 'tree')], xattrs: { '/dir/f': { 'user.big': big } } } })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(XattrTooLargeError)
    expect((error as XattrTooLargeError).data).toMatchObject({ file: '/dir/f', name: 'user.big' })
    expect((error as Error).message).toMatch(/xattrs: false/)
  })
})
