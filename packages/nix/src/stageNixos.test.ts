import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { StorePathMissingError } from './errors/StorePathMissingError.js'
import { installEntries } from './install/installEntries.js'
import { stageNixos, type NixosInput } from './stageNixos.js'

const SYSTEM = '/nix/store/5y5q3mabcdfghijklmnpqrsvwxyz0123-nixos-system'
const LIB = '/nix/store/0000000000000000000000000000000b-lib'
const H = 'sha256:04zwf782yjwnh3q6hz5izfd6jyip8kgw6g6yj43fiqhbyhdd0dqw'
let dir: string
let hostStore: string
let input: NixosInput

/** Every path under `root`, relative to it (symlinks not followed). */
function listAll(root: string, under = ''): string[] {
  if (!existsSync(root)) return []
  return readdirSync(join(root, under), { withFileTypes: true })
    .flatMap((e) => [join(under, e.name), ...(e.isDirectory() ? listAll(root, join(under, e.name)) : [])])
    .sort()
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stage-nixos-'))
  hostStore = join(dir, 'store')
  mkdirSync(join(hostStore, SYSTEM.slice(11), 'bin'), { recursive: true })
  writeFileSync(join(hostStore, SYSTEM.slice(11), 'bin/activate'), `#!/bin/sh\n${LIB}\n`, { mode: 0o555 })
  for (const d of ['bin', '']) chmodSync(join(hostStore, SYSTEM.slice(11), d), 0o555) // read-only as in a Nix store
  writeFileSync(join(hostStore, LIB.slice(11)), 'a store path that is a file\n', { mode: 0o444 })
  writeFileSync(join(dir, 'registration'), [SYSTEM, H, '400', '', '1', LIB, LIB, H, '120', '', '0'].join('\n'))
  input = { toplevel: SYSTEM, closure: { registration: join(dir, 'registration') }, channel: null, additionalPaths: [], hostStore }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('stageNixos', () => {
  it('binds each store path of the closure in place at /nix/store/<name>; the scratch directory holds only the install tree', async () => {
    const scratch = join(dir, 'scratch-full')
    const staged = await stageNixos(input, scratch, { time: 1, onlyNixStore: false })
    expect(staged.binds).toEqual([
      { path: LIB, host: join(hostStore, LIB.slice(11)) },
      { path: SYSTEM, host: join(hostStore, SYSTEM.slice(11)) },
    ])
    expect(staged.layers).toEqual([join(scratch, 'install')])
    // Nothing of the store under the scratch directory: exactly what nixos-install makes besides the store paths.
    const made = installEntries({ toplevel: SYSTEM, channel: null, database: new Uint8Array() }).map((e) => e.path).sort()
    expect(listAll(join(scratch, 'install'))).toEqual(made)
    expect(listAll(scratch)).toEqual(['install', ...made.map((p) => `install/${p}`)].sort())
    staged.dispose()
    expect(existsSync(scratch)).toBe(false)
    expect(listAll(join(hostStore, SYSTEM.slice(11)))).toEqual(['bin', 'bin/activate']) // the host store is untouched
  })

  it('onlyNixStore: the store paths bound at the file system root, no layer, nothing in the scratch directory', async () => {
    const scratch = join(dir, 'scratch-store-only')
    const staged = await stageNixos(input, scratch, { time: 1, onlyNixStore: true })
    expect(staged.binds.map((b) => b.path)).toEqual([`/${LIB.slice(11)}`, `/${SYSTEM.slice(11)}`])
    expect(staged.layers).toEqual([])
    expect(listAll(scratch)).toEqual([])
    staged.dispose()
  })

  it('a store path missing from hostStore is StorePathMissingError naming both, and nothing is left', async () => {
    const scratch = join(dir, 'scratch-missing')
    const error = await stageNixos({ ...input, hostStore: join(dir, 'elsewhere') }, scratch, { time: 1, onlyNixStore: false }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StorePathMissingError)
    expect((error as StorePathMissingError).data).toEqual({ path: LIB, hostPath: join(dir, 'elsewhere', LIB.slice(11)) })
    expect(existsSync(scratch)).toBe(false)
  })
})
