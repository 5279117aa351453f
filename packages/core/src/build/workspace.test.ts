// A build's results reach their final names through BuildWorkspace.commit. An earlier result of the same
// name is moved into the scratch directory first (ext4 flushes on a rename over an existing file, see
// commit): the new file must end at the name, the earlier one must be gone once the build is disposed,
// and a commit that fails must leave the earlier result in place.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { tempDir } from '../autosize/__fixtures__/makeTrees.js'
import { BuildWorkspace } from './workspace.js'

const root = tempDir('workspace-test-')
afterAll(() => rmSync(root, { recursive: true, force: true }))

function outDir(name: string): string {
  const dir = join(root, name)
  mkdirSync(dir)
  return dir
}

it('replaces an earlier result; after dispose only the new one is left', () => {
  const out = outDir('replace')
  writeFileSync(join(out, 'nixos.qcow2'), 'earlier build')
  const workspace = BuildWorkspace.create(out)
  writeFileSync(workspace.path('image'), 'this build')
  expect(workspace.commit(workspace.path('image'), 'nixos.qcow2')).toBe(join(out, 'nixos.qcow2'))
  expect(readFileSync(join(out, 'nixos.qcow2'), 'utf8')).toBe('this build')
  workspace.dispose()
  expect(readdirSync(out)).toEqual(['nixos.qcow2'])
})

it('commits onto a free name, into a subdirectory it creates', () => {
  const out = outDir('free')
  const workspace = BuildWorkspace.create(out)
  writeFileSync(workspace.path('products'), 'file')
  workspace.commit(workspace.path('products'), 'nix-support/hydra-build-products')
  workspace.dispose()
  expect(readdirSync(out).sort()).toEqual(['nix-support'])
  expect(readFileSync(join(out, 'nix-support', 'hydra-build-products'), 'utf8')).toBe('file')
})

it('leaves the earlier result in place when the commit fails', () => {
  const out = outDir('fails')
  writeFileSync(join(out, 'nixos.img'), 'earlier build')
  const workspace = BuildWorkspace.create(out)
  expect(() => workspace.commit(workspace.path('never-written'), 'nixos.img')).toThrow(/ENOENT/)
  workspace.dispose()
  expect(readdirSync(out)).toEqual(['nixos.img'])
  expect(readFileSync(join(out, 'nixos.img'), 'utf8')).toBe('earlier build')
})
