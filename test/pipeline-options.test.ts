import { beforeAll, describe, expect, it } from 'vitest'
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildImage, BootLoaderCommandMissingError } from '@diskimage/core'
import { KernelNotFoundError } from '@diskimage/vm'
import { generateTree } from './helpers/generateTree.js'
import { listTree, rdump, statInImage } from './helpers/readBackExt4.js'

let work: string
let tree: string

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'options-'))
  tree = generateTree(join(work, 'tree'))
  if (process.getuid?.() === 0) chownSync(join(tree, 'etc/hostname'), 4321, 8765)
})

const rootOffset = (r: Awaited<ReturnType<typeof buildImage>>) => (r.layout.partitions.find((p) => p.role === 'root')?.firstLba ?? 0) * 512

describe('buildImage options', () => {
  it('the VM step\'s kernel is looked for before anything is written: a tree without one fails at once, out untouched', async () => {
    const out = join(work, 'no-kernel')
    const error = await buildImage({ root: tree, out, partitionTableType: 'legacy', bootLoaderCommand: 'true' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(KernelNotFoundError)
    expect((error as KernelNotFoundError).message).toContain(tree)
    expect(existsSync(out)).toBe(false)
  })

  it('configFile lands at /etc/nixos/configuration.nix, as the reference copies it', async () => {
    const config = join(work, 'configuration.nix')
    writeFileSync(config, '{ ... }: { boot.loader.grub.device = "/dev/vda"; }\n')
    const r = await buildImage({ root: tree, out: join(work, 'cfg'), partitionTableType: 'legacy', additionalSpace: '16M', installBootLoader: false, configFile: config })
    const back = rdump(r.imagePath, rootOffset(r))
    expect(readFileSync(join(back, 'etc/nixos/configuration.nix'), 'utf8')).toBe(readFileSync(config, 'utf8'))
  })

  it('ownerRoot makes every entry 0:0', async () => {
    const r = await buildImage({ root: tree, out: join(work, 'owner'), partitionTableType: 'legacy', additionalSpace: '16M', installBootLoader: false, ownerRoot: true })
    const paths = listTree(tree).filter((p) => !p.includes('\n'))
    const facts = statInImage(r.imagePath, rootOffset(r), paths)
    expect(facts.size).toBe(paths.length)
    for (const [p, f] of facts) expect({ uid: f.uid, gid: f.gid }, p).toEqual({ uid: 0, gid: 0 })
  })

  it('SOURCE_DATE_EPOCH clamps later mtimes and keeps earlier ones', async () => {
    const before = process.env.SOURCE_DATE_EPOCH
    process.env.SOURCE_DATE_EPOCH = '1500000000' // the tree's files are at 1600000000
    try {
      const r = await buildImage({ root: tree, out: join(work, 'sde'), partitionTableType: 'legacy', additionalSpace: '16M', installBootLoader: false })
      const facts = statInImage(r.imagePath, rootOffset(r), ['/etc/hostname', '/names'])
      expect(facts.get('/etc/hostname')!.mtime).toBe(1500000000)
      expect(facts.get('/names')!.mtime).toBe(1500000000)
    } finally {
      if (before === undefined) delete process.env.SOURCE_DATE_EPOCH
      else process.env.SOURCE_DATE_EPOCH = before
    }
    const r2 = await buildImage({ root: tree, out: join(work, 'nosde'), partitionTableType: 'legacy', additionalSpace: '16M', installBootLoader: false })
    expect(statInImage(r2.imagePath, rootOffset(r2), ['/etc/hostname']).get('/etc/hostname')!.mtime).toBe(1600000000)
  })

  it('times after 2038: a SOURCE_DATE_EPOCH in 2090 clamps a file from 2100 and keeps one from 2050 (64-bit time in the WASM tools)', async () => {
    const late = join(work, 'late')
    mkdirSync(late)
    for (const [name, when] of [['y2050', Date.UTC(2050, 0, 1)], ['y2100', Date.UTC(2100, 0, 1)]] as const) {
      writeFileSync(join(late, name), name)
      utimesSync(join(late, name), when / 1000, when / 1000)
    }
    const y2090 = Date.UTC(2090, 0, 1) / 1000
    const before = process.env.SOURCE_DATE_EPOCH
    process.env.SOURCE_DATE_EPOCH = String(y2090)
    try {
      const r = await buildImage({ root: late, out: join(work, 'late-out'), partitionTableType: 'none', additionalSpace: '16M', installBootLoader: false })
      const facts = statInImage(r.imagePath, 0, ['/y2050', '/y2100'])
      expect(facts.get('/y2050')!.mtime).toBe(Date.UTC(2050, 0, 1) / 1000)
      expect(facts.get('/y2100')!.mtime).toBe(y2090)
    } finally {
      if (before === undefined) delete process.env.SOURCE_DATE_EPOCH
      else process.env.SOURCE_DATE_EPOCH = before
    }
  })

  it('installBootLoader: true without bootLoaderCommand is a typed error and writes nothing', async () => {
    const out = join(work, 'noboot')
    const attempt = buildImage({ root: tree, out, partitionTableType: 'efi', installBootLoader: true })
    await expect(attempt).rejects.toBeInstanceOf(BootLoaderCommandMissingError)
    await expect(attempt).rejects.toThrow(/installBootLoader is true but bootLoaderCommand is not set/)
    expect(() => readdirSync(out)).toThrow(/ENOENT/)
  })
})
