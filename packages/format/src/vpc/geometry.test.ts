// The VHD size rounding must be qemu-img's: `qemu-img create -f vpc` is the oracle for each size.
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { qemuInfo, run, workDir } from '../__fixtures__/images.js'
import { vhdSizeFor } from './geometry.js'

const work = workDir()
afterAll(() => work.cleanup())

const MiB = 2 ** 20
const GiB = 2 ** 30
const SIZES = [512, MiB, 3 * MiB, 3 * MiB + 4096, 1000 * 512 * 17, 255 * MiB + 512, 4 * GiB, 20 * GiB, 127 * GiB, 200 * GiB]

it.each(SIZES)('a %i-byte image becomes the size qemu-img create -f vpc gives it', (size) => {
  const path = join(work.dir, `${size}.vhd`)
  run('qemu-img', ['create', '-q', '-f', 'vpc', path, String(size)])
  expect(vhdSizeFor(size).size).toBe(qemuInfo(path, 'vpc')['virtual-size'])
})
