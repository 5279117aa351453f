import { beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildImage, type ImageOptions } from '@diskimage/core'
import { generateTree } from './helpers/generateTree.js'
import { buildCli, CLI } from './reliability/helpers/cli.js'

let work: string
let tree: string
let motd: string

const sha256 = (file: string) =>
  new Promise<string>((ok, fail) => {
    const h = createHash('sha256')
    createReadStream(file).on('data', (d) => h.update(d)).on('end', () => ok(h.digest('hex'))).on('error', fail)
  })

beforeAll(() => {
  buildCli() // the CLI run below uses the built command
  work = mkdtempSync(join(tmpdir(), 'determinism-'))
  tree = generateTree(join(work, 'tree'), { fifo: true })
  motd = join(work, 'motd')
  writeFileSync(motd, 'same every time\n')
})

const options = (root: string, out: string, partitionTableType: ImageOptions['partitionTableType']): ImageOptions => ({
  root,
  out,
  partitionTableType,
  additionalSpace: '16M',
  bootSize: '64M',
  installBootLoader: false,
  contents: [{ source: motd, target: '/etc/motd', mode: '644', user: 'alice', group: 'wheel' }],
})

describe.each([['efi'], ['legacy+boot'], ['hybrid']] as const)('a %s build', (type) => {
  it('is bit-identical across runs, time zones, umasks, locales, working directories and a cp -a copy of the tree', async () => {
    const a = await buildImage(options(tree, join(work, `${type}-a`), type))
    await new Promise((r) => setTimeout(r, 1100)) // a second later: any clock reading would show
    const b = await buildImage(options(tree, join(work, `${type}-b`), type))
    const first = await sha256(a.imagePath)
    expect(await sha256(b.imagePath)).toBe(first)

    // The same build by another process in another environment, from a copy with new ctimes and inode numbers.
    const copy = join(work, `${type}-copy`)
    execFileSync('cp', ['-a', tree, copy])
    const elsewhere = join(work, `${type}-cwd`)
    mkdirSync(elsewhere)
    const config = join(work, `${type}.json`)
    writeFileSync(config, JSON.stringify(options(copy, join(work, `${type}-c`), type)))
    execFileSync('bash', ['-c', `umask 077 && cd "${elsewhere}" && node "${CLI}" --config "${config}" --quiet`], {
      env: { ...process.env, TZ: 'Pacific/Chatham', LC_ALL: 'tr_TR.UTF-8', LANG: 'tr_TR.UTF-8' },
      stdio: 'pipe',
    })
    expect(await sha256(join(work, `${type}-c`, 'nixos.img'))).toBe(first)
  })
})

describe('a qcow2 build', () => {
  it('is bit-identical across runs', async () => {
    const a = await buildImage({ ...options(tree, join(work, 'q-a'), 'efi'), format: 'qcow2' })
    const b = await buildImage({ ...options(tree, join(work, 'q-b'), 'efi'), format: 'qcow2' })
    expect(a.imagePath.endsWith('nixos.qcow2')).toBe(true)
    expect(await sha256(b.imagePath)).toBe(await sha256(a.imagePath))
    const raw = await buildImage(options(tree, join(work, 'q-raw'), 'efi'))
    const cmp = execFileSync('qemu-img', ['compare', '-f', 'raw', '-F', 'qcow2', raw.imagePath, a.imagePath], { encoding: 'utf8' })
    expect(cmp).toMatch(/Images are identical/)
  })
})
