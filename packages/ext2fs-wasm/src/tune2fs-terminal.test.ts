import { execFileSync } from 'node:child_process'
import { copyFile, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bootstrapPath } from '@diskimage/wasm-runtime'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mke2fs, toolFiles, tune2fs } from './index.js'

// tune2fs -U on a metadata_csum file system asks "Proceed anyway?" only on a terminal. Under
// emscripten 3.1.6 every fd claimed to be one, so from a script it read EOF as "no" and exited 1.
const uuid = '2c4a8f0e-6d59-4c3b-9a51-0f7e3d2b1a90'
const prompt = 'Proceed anyway (or wait 5 seconds to proceed) ? (y,N)'

let dir: string
let pristine: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tune2fs-terminal-'))
  pristine = join(dir, 'pristine.img')
  await mke2fs(['-F', '-q', '-t', 'ext4', pristine, '16M'])
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const copy = async (name: string): Promise<string> => {
  const image = join(dir, name)
  await copyFile(pristine, image)
  return image
}
const fsUuid = (image: string): string | undefined =>
  /^Filesystem UUID:\s+(\S+)/m.exec(execFileSync('dumpe2fs', ['-h', image], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))?.[1]

/** Runs a command line on a pseudo-terminal (util-linux `script`), typing `input`. */
const inPty = (command: string, input: string): string =>
  execFileSync('script', ['-qec', command, '/dev/null'], { input, encoding: 'utf8' })

describe('tune2fs -U and the terminal', () => {
  it('without a terminal: no prompt, the UUID changes', async () => {
    const image = await copy('no-tty.img')
    const { stdout, stderr } = await tune2fs(['-U', uuid, image])
    expect(stdout + stderr).not.toContain('Proceed anyway')
    expect(fsUuid(image)).toBe(uuid)
  })

  it('on a terminal: prompts like native tune2fs and proceeds on "y"', async () => {
    const wasmImage = await copy('wasm-tty.img')
    const nativeImage = await copy('native-tty.img')
    const { script, wasm } = toolFiles('tune2fs')
    const wasmOutput = inPty(`'${process.execPath}' '${bootstrapPath}' '${script}' tune2fs '${wasm}' -U ${uuid} '${wasmImage}'`, 'y\n')
    const nativeOutput = inPty(`tune2fs -U ${uuid} '${nativeImage}'`, 'y\n')
    expect(nativeOutput).toContain(prompt)
    expect(wasmOutput).toContain(prompt)
    expect(fsUuid(wasmImage)).toBe(uuid)
    expect(fsUuid(nativeImage)).toBe(uuid)
  })
})
