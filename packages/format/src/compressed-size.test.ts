// qcow2-compressed and vmdk with the default 'deflate' use stock zlib 1.2.13 with qemu's parameters, so
// their size must be within 1% of qemu-img's for the same raw input (the goal); 'deflate-fast'
// (Node's zlib) must still give images qemu-img reads as identical.
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

it.each([
  ['qcow2-compressed', ['-O', 'qcow2', '-c']],
  ['vmdk', ['-O', 'vmdk', '-o', 'subformat=streamOptimized']],
] as const)('%s: within 1%% of the size qemu-img writes', async (format, qemuArgs) => {
  const ours = join(work.dir, `ours-${format}`)
  const theirs = join(work.dir, `qemu-${format}`)
  await convert(raw, { format, out: ours })
  run('qemu-img', ['convert', '-f', 'raw', ...qemuArgs, raw, theirs])
  const ratio = statSync(ours).size / statSync(theirs).size
  expect(ratio).toBeGreaterThan(0.99)
  expect(ratio).toBeLessThan(1.01)
})

it.each(['qcow2-compressed', 'vmdk'] as const)("%s with compress: 'deflate-fast': clean and identical per qemu-img", async (format) => {
  const out = join(work.dir, `fast-${format}`)
  await convert(raw, { format, out, compress: 'deflate-fast', threads: 2 })
  expect(qemuCheck(out, format)).toMatchObject({ status: 0 })
  expect(qemuCompare(raw, out, format)).toMatchObject({ status: 0 })
})
