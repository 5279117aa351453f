// qcow2-compressed and vmdk against qemu-img on the same raw input (the goal: a size within 1%
// of qemu-img's). The default 'deflate' (libdeflate) must be no more than 1% larger (it is smaller);
// 'zlib' compresses each cluster to qemu's own bytes, so its size must be within 1% either way. Both
// must be clean and identical per qemu-img.
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { convert } from './index.js'
import { makeExt4Image, qemuCheck, qemuCompare, run, workDir } from './__fixtures__/images.js'

const work = workDir()
let raw = ''
beforeAll(() => {
  raw = makeExt4Image(work.dir)
})
afterAll(() => work.cleanup())

const QEMU_ARGS = { 'qcow2-compressed': ['-O', 'qcow2', '-c'], vmdk: ['-O', 'vmdk', '-o', 'subformat=streamOptimized'] } as const

it.each([
  ['qcow2-compressed', 'deflate'],
  ['qcow2-compressed', 'zlib'],
  ['vmdk', 'deflate'],
  ['vmdk', 'zlib'],
] as const)("%s with compress: '%s': clean, identical, and no more than 1 percent larger than qemu-img's file", async (format, compress) => {
  const ours = join(work.dir, `ours-${format}-${compress}`)
  const theirs = join(work.dir, `qemu-${format}`)
  await convert(raw, { format, out: ours, compress, threads: 2 })
  run('qemu-img', ['convert', '-f', 'raw', ...QEMU_ARGS[format], raw, theirs])
  expect(qemuCheck(ours, format)).toMatchObject({ status: 0 })
  expect(qemuCompare(raw, ours, format)).toMatchObject({ status: 0 })
  const ratio = statSync(ours).size / statSync(theirs).size
  expect(ratio).toBeLessThan(1.01)
  if (compress === 'zlib') expect(ratio).toBeGreaterThan(0.99)
})
