// replaceFile moves an earlier file aside before the rename (ext4's flush on rename-over, see its
// comment); what must hold whatever the path taken: the new file ends at the name, nothing else is left
// beside it, and a failed replacement leaves the earlier file where it was.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { workDir } from '../__fixtures__/images.js'
import { replaceFile } from './replace-file.js'

const work = workDir()
afterAll(() => work.cleanup())

function freshDir(name: string): string {
  const dir = join(work.dir, name)
  mkdirSync(dir)
  return dir
}

it('replaces an existing file and leaves nothing else in the directory', async () => {
  const dir = freshDir('replace')
  writeFileSync(join(dir, 'image.qcow2'), 'earlier')
  writeFileSync(join(dir, '.image.qcow2.tmp'), 'new image')
  await replaceFile(join(dir, '.image.qcow2.tmp'), join(dir, 'image.qcow2'))
  expect(readFileSync(join(dir, 'image.qcow2'), 'utf8')).toBe('new image')
  expect(readdirSync(dir)).toEqual(['image.qcow2'])
})

it('renames onto a free name', async () => {
  const dir = freshDir('free')
  writeFileSync(join(dir, 'new'), 'new image')
  await replaceFile(join(dir, 'new'), join(dir, 'image.vdi'))
  expect(readdirSync(dir)).toEqual(['image.vdi'])
  expect(readFileSync(join(dir, 'image.vdi'), 'utf8')).toBe('new image')
})

it('puts the earlier file back when the new one cannot be renamed', async () => {
  const dir = freshDir('restore')
  writeFileSync(join(dir, 'image.vhd'), 'earlier')
  await expect(replaceFile(join(dir, 'missing.tmp'), join(dir, 'image.vhd'))).rejects.toMatchObject({ code: 'ENOENT' })
  expect(readdirSync(dir)).toEqual(['image.vhd'])
  expect(readFileSync(join(dir, 'image.vhd'), 'utf8')).toBe('earlier')
})

it('does not move a directory aside: the rename fails as a plain one would, and both stay', async () => {
  const dir = freshDir('directory')
  mkdirSync(join(dir, 'image.img'))
  writeFileSync(join(dir, 'image.img', 'keep'), 'x')
  writeFileSync(join(dir, 'new'), 'new image')
  await expect(replaceFile(join(dir, 'new'), join(dir, 'image.img'))).rejects.toMatchObject({ code: 'EISDIR' })
  expect(readdirSync(dir).sort()).toEqual(['image.img', 'new'])
  expect(readdirSync(join(dir, 'image.img'))).toEqual(['keep'])
})
