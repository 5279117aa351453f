import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../autosize/__fixtures__/makeTrees.js'
import { blankImage, tool } from '../layout/__fixtures__/oracleTools.js'
import { checkIdentifiers } from './checkIdentifiers.js'
import { resolveOptions } from '../options/resolveOptions.js'

// The label limit is the one mke2fs has: what it writes back intact is accepted,
// what it truncates (with only a warning) is refused.

let dir: string
beforeAll(() => {
  dir = tempDir('label')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function labelOnDisk(label: string): Promise<string> {
  const path = join(dir, 'fs.img')
  await blankImage(path, 4 * 1048576)
  const mkfs = await tool('mkfs.ext4', ['-q', '-b', '4096', '-F', '-L', label, path])
  expect(mkfs.code).toBe(0)
  const e2label = await tool('e2label', [path])
  expect(e2label.code).toBe(0)
  return e2label.stdout.replace(/\n$/, '')
}

const accepted = (label: string) => checkIdentifiers(resolveOptions({ root: dir, out: dir, label })).length === 0

describe('label: validation accepts exactly the labels mkfs.ext4 stores intact', () => {
  it.each(['nixos', 'nix-store', 'sixteen-bytes-ok', 'seventeen-bytes-x', 'ééééééé', 'éééééééé', 'ééééééééé', 'a-much-longer-label-than-that'])(
    '%j',
    async (label) => {
      expect(accepted(label)).toBe((await labelOnDisk(label)) === label)
    },
  )
})
