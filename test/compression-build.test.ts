/**
 * The `compression` option end to end: a qcow2-compressed build with each compressor is what qemu-img
 * reads back equal to the raw build of the same options (deterministic: the raw is the same disk),
 * `qemu-img check` clean, and its header says the compression type qemu-img shows (zstd only for
 * 'zstd'); the three files differ (the option reaches the converter).
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildImage, type Compression, type ImageOptions } from '@diskimage/core'
import { generateTree } from './helpers/generateTree.js'

let work: string
let tree: string
let raw: string
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'compression-build-'))
  tree = generateTree(join(work, 'tree'))
  raw = (await buildImage(options(join(work, 'raw'), 'raw'))).imagePath
}, 120_000)
afterAll(() => rmSync(work, { recursive: true, force: true }))

function options(out: string, format: 'raw' | 'qcow2-compressed', compression?: Compression): ImageOptions {
  return { root: tree, out, partitionTableType: 'efi', format, additionalSpace: '16M', installBootLoader: false, ...(compression ? { compression } : {}) }
}

const digests = new Map<string, string>()
it.each<Compression | undefined>([undefined, 'deflate', 'zlib', 'zstd'])('qcow2-compressed with compression %s: clean, identical to the raw build, the right compression type', async (compression) => {
  const { imagePath } = await buildImage(options(join(work, `q-${compression ?? 'default'}`), 'qcow2-compressed', compression))
  expect(spawnSync('qemu-img', ['check', '-f', 'qcow2', imagePath]).status).toBe(0)
  expect(spawnSync('qemu-img', ['compare', '-f', 'raw', '-F', 'qcow2', raw, imagePath], { encoding: 'utf8' }).stdout).toMatch(/Images are identical/)
  const info = JSON.parse(execFileSync('qemu-img', ['info', '--output', 'json', imagePath], { encoding: 'utf8' })) as { 'format-specific': { data: { 'compression-type': string } } }
  expect(info['format-specific'].data['compression-type']).toBe(compression === 'zstd' ? 'zstd' : 'zlib')
  digests.set(compression ?? 'default', createHash('sha256').update(readFileSync(imagePath)).digest('hex'))
}, 120_000)

it('the default is deflate (libdeflate), and each compressor gives other bytes', () => {
  expect(digests.get('default')).toBe(digests.get('deflate'))
  expect(new Set([digests.get('deflate'), digests.get('zlib'), digests.get('zstd')]).size).toBe(3)
})
