import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chmodSync, existsSync, lstatSync, lutimesSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { StorePathMissingError } from '../errors/StorePathMissingError.js'
import { linkStorePaths } from './linkStorePaths.js'
import { removeTree } from './removeTree.js'

const PKG = '/nix/store/0l1b2l3b4l5b6l7b8l9b0l1b2l3b4l5b-pkg'
const FILE = '/nix/store/0000000000000000000000000000000a-a.txt'
const ENTRIES = ['', '/bin', '/bin/tool', '/share', '/share/data', '/link']

/** A store laid out as Nix leaves one: read-only directories and files, every time 1. */
function makeStore(storeDir: string): void {
  const pkg = join(storeDir, PKG.slice(11))
  mkdirSync(join(pkg, 'bin'), { recursive: true })
  mkdirSync(join(pkg, 'share'))
  writeFileSync(join(pkg, 'bin/tool'), '#!/bin/sh\n', { mode: 0o555 })
  writeFileSync(join(pkg, 'share/data'), Buffer.alloc(5000, 1), { mode: 0o444 })
  symlinkSync('share/data', join(pkg, 'link'))
  writeFileSync(join(storeDir, FILE.slice(11)), 'a\n', { mode: 0o444 })
  lutimesSync(join(pkg, 'link'), 1, 1)
  for (const p of ['bin/tool', 'share/data', 'bin', 'share', '']) utimesSync(join(pkg, p), 1, 1)
  for (const p of ['bin', 'share', '']) chmodSync(join(pkg, p), 0o555)
  utimesSync(join(storeDir, FILE.slice(11)), 1, 1)
}

const facts = (path: string) => {
  const st = lstatSync(path)
  // A directory's size is the file system's business (tmpfs and ext4 differ); its entries are compared one by one.
  return { mode: st.mode, mtime: st.mtimeMs, size: st.isDirectory() ? 'dir' : st.size, content: st.isFile() ? readFileSync(path, 'base64') : st.isSymbolicLink() ? readlinkSync(path) : null }
}

let work: string
let shm: string
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'storeview-'))
  shm = mkdtempSync('/dev/shm/storeview-') // tmpfs: another file system than /tmp, so links fail with EXDEV
  for (const d of [join(work, 'store'), join(shm, 'store')]) {
    mkdirSync(d)
    makeStore(d)
  }
})
afterAll(() => {
  removeTree(work)
  removeTree(shm)
})

describe('linkStorePaths', () => {
  it.each([
    ['on the same file system: hard links to the host inodes', () => join(work, 'store'), true],
    ['across file systems: copies with the same modes, times and bytes', () => join(shm, 'store'), false],
  ])('%s', (_name, hostStore, sameInodes) => {
    const view = mkdtempSync(join(work, 'view-'))
    linkStorePaths([PKG, FILE], hostStore(), join(view, 'nix/store'))
    for (const e of ENTRIES) expect(facts(join(view, PKG + e)), e).toEqual(facts(join(hostStore(), PKG.slice(11) + e)))
    expect(facts(join(view, FILE))).toEqual(facts(join(hostStore(), FILE.slice(11))))
    expect(lstatSync(join(view, PKG, 'share/data')).ino === lstatSync(join(hostStore(), PKG.slice(11), 'share/data')).ino).toBe(sameInodes)
    removeTree(view)
    expect(existsSync(view)).toBe(false)
    expect(readFileSync(join(hostStore(), FILE.slice(11)), 'utf8')).toBe('a\n') // the host store is untouched
  })

  it('names a store path the host store does not hold', () => {
    const missing = '/nix/store/0000000000000000000000000000000z-gone'
    expect(() => linkStorePaths([missing], join(work, 'store'), join(work, 'view-missing/nix/store'))).toThrow(StorePathMissingError)
  })
})
