import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  DosfstoolsWasmError,
  fsckFat,
  mdir,
  mkfsFat,
  runDosfsTool,
  UnknownDosfsToolError,
  WasmToolError,
  type DosfsTool,
} from './index.js'
import { MiB, scratchDir, sparseImage } from './__fixtures__/images.js'
import { nativeOk } from './__fixtures__/native.js'

const scratch = scratchDir('errors')
afterAll(scratch.cleanup)

describe('runner errors and options', () => {
  it('rejects with WasmToolError carrying the tool stderr on a non-zero exit', async () => {
    const missing = join(scratch.dir, 'does-not-exist.img')
    const error = await mkfsFat([missing]).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WasmToolError)
    const { data } = error as WasmToolError
    expect(data.tool).toBe('mkfs.fat')
    expect(data.code).toBe(1)
    expect(data.stderr).toContain(missing)
  })

  it('accepts exit codes listed in okCodes', async () => {
    const image = sparseImage(join(scratch.dir, 'zero.img'), 4 * MiB)
    const result = await fsckFat(['-n', image], { okCodes: [0, 1] })
    expect(result.code).toBe(1)
  })

  it('refuses a tool it does not ship, before running anything', async () => {
    const error = await runDosfsTool('mformat' as DosfsTool, []).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnknownDosfsToolError)
    expect(error).toBeInstanceOf(DosfstoolsWasmError)
    expect((error as UnknownDosfsToolError).code).toBe('DOSFSTOOLS_UNKNOWN_TOOL')
  })

  it('reads MTOOLSRC but never ~/.mtoolsrc', async () => {
    const image = sparseImage(join(scratch.dir, 'drive.img'), 4 * MiB)
    nativeOk('mkfs.fat', ['-n', 'DRIVEX', image])
    const config = join(scratch.dir, 'mtoolsrc')
    writeFileSync(config, `drive x: file="${image}"\n`)
    writeFileSync(join(scratch.dir, '.mtoolsrc'), `drive x: file="${image}"\n`)

    // Native mtools reads $HOME/.mtoolsrc: the oracle that this file would define drive x:.
    expect(nativeOk('mdir', ['x:'], { HOME: scratch.dir }).stdout).toContain('DRIVEX')
    const fromHome = await mdir(['x:'], { env: { HOME: scratch.dir }, okCodes: [0, 1] })
    expect(fromHome.code).toBe(1)
    const fromMtoolsrc = await mdir(['x:'], { env: { MTOOLSRC: config } })
    expect(fromMtoolsrc.stdout).toContain('DRIVEX')
  })
})
