import { execFileSync } from 'node:child_process'
import { mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runWasmTool } from './index.js'

// The probe is linked like the real tools, with the 64-bit time_t toolchain (emscripten/time64).
const probe = fileURLToPath(new URL('./__fixtures__/probe.cjs', import.meta.url))
const runProbe = (args: string[]) => runWasmTool({ script: probe, tool: 'probe', args })

const Y2100 = Date.UTC(2100, 0, 1) / 1000 // 4102444800: beyond 2038 and beyond 2^32 - 1 for ext4's base field
const Y1960 = Date.UTC(1960, 5, 15, 12) / 1000 // negative

/** The oracle for calendar conversions: GNU date. */
const gnuDate = (seconds: number): string =>
  execFileSync('date', ['-u', '-d', `@${seconds}`, '+%Y-%m-%d %H:%M:%S'], { encoding: 'utf8' }).trim()

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wasm-runtime-time64-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('64-bit time_t (patched emscripten 3.1.6)', () => {
  it('time() and time_t are 64-bit', async () => {
    const { stdout } = await runProbe(['now'])
    expect(stdout).toContain('now sizeof=8 same=1 positive=1\n')
  })

  it('stat() reports host mtimes after 2038 and before 1970 exactly', async () => {
    const late = join(dir, 'late')
    const early = join(dir, 'early')
    await writeFile(late, 'x')
    await writeFile(early, 'x')
    await utimes(late, Y2100, Y2100)
    // Node's utimes turns a negative time into "now": GNU touch sets it.
    execFileSync('touch', ['-d', `@${Y1960}`, early])
    const { stdout } = await runProbe(['stat', late, 'stat', early])
    expect(stdout).toMatch(new RegExp(`stat ${late}: .* atime=${Y2100} mtime=${Y2100} `))
    expect(stdout).toMatch(new RegExp(`stat ${early}: .* atime=${Y1960} mtime=${Y1960} `))
  })

  it('utime() sets host times after 2038 (seconds, not milliseconds)', async () => {
    const file = join(dir, 'set-by-tool')
    await writeFile(file, 'x')
    const { stdout } = await runProbe(['utime', file, String(Y2100)])
    expect(stdout).toContain('utime 0\n')
    // Oracle: the host's own stat.
    expect((await stat(file)).mtimeMs).toBe(Y2100 * 1000)
  })

  it('gmtime/strftime/timegm agree with GNU date after 2038 and before 1970', async () => {
    for (const seconds of [Y2100, Y1960, 2 ** 31, 2 ** 32 + 1]) {
      const { stdout } = await runProbe(['gmtime', String(seconds)])
      expect(stdout).toContain(`gmtime ${gnuDate(seconds)} timegm=${seconds}\n`)
    }
  })
})
