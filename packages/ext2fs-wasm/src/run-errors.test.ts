import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mke2fs, WasmToolError } from './index.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ext2fs-errors-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('tool failures', () => {
  it('reject with WasmToolError carrying the exit code and stderr', async () => {
    const args = ['-F', '-q', join(dir, 'no-such-dir', 'x.img'), '8M']
    const error = await mke2fs(args).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WasmToolError)
    const e = error as WasmToolError
    expect(e.code).toBe('WASM_TOOL_FAILED')
    expect(e.data.tool).toBe('mke2fs')
    expect(e.data.args).toEqual(args)
    expect(e.data.code).toBe(1)
    expect(e.data.stderr).toContain('No such file or directory')
    expect(e.message).toContain('No such file or directory')
  })
})
