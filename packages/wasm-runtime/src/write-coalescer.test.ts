import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bootstrapPath } from './index.js'

// child/write-coalescer.cjs patches the `fs` module of the process it runs in, so it is
// tested in child processes: the same seeded workload with and without it must see the same
// bytes in every read and stat and leave the same files; the real file system is the oracle.
const workload = fileURLToPath(new URL('./__fixtures__/coalescer-workload.cjs', import.meta.url))
const probe = fileURLToPath(new URL('./__fixtures__/probe.cjs', import.meta.url))
const coalescer = fileURLToPath(new URL('../child/write-coalescer.cjs', import.meta.url))

interface Outcome {
  seen: string
  image: string
  other: string
  writes: number
}

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wasm-coalescer-test-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function run(seed: number, coalesce: boolean): Promise<Outcome> {
  const work = await mkdtemp(join(dir, `${seed}-`))
  const args = [workload, work, String(seed), '3000', ...(coalesce ? ['coalesce'] : [])]
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' })) as Outcome
}

describe('write coalescer', () => {
  it.each([1, 2, 3, 4])('gives every read, stat and the final files the bytes of plain writes (seed %i)', async (seed) => {
    const plain = await run(seed, false)
    const joined = await run(seed, true)
    expect({ ...joined, writes: 0 }).toEqual({ ...plain, writes: 0 })
    // It did join writes: far fewer reached the file system.
    expect(joined.writes).toBeLessThan(plain.writes / 2)
  })

  it('never ends in success when kept bytes cannot be written, even if the tool ignores the error', async () => {
    // The probe pwrite()s (kept: "pwrite 5"), close()s without looking at the result, and
    // exits 0. With a file size limit (ulimit -f, in 512-byte blocks here) the kept write
    // fails with EFBIG when it is finally made; the process must then end with code 1.
    const work = await mkdtemp(join(dir, 'limit-'))
    const run = (limit: string) => spawnSync('sh', ['-c', `ulimit -f ${limit}; exec "$@"`, 'sh', process.execPath, bootstrapPath,
      probe, 'probe', '', 'pwrite', join(work, 'big'), '100000', 'hello', 'pwrite', join(work, 'small'), '10', 'ok'], { encoding: 'utf8' })
    const limited = run('64')
    expect(limited.stdout).toBe('argv0=probe\npwrite 5\npwrite 2\n')
    expect(limited.stderr).toMatch(/probe: writing kept bytes to fd \d+ failed: EFBIG/)
    expect(limited.status).toBe(1)
    const unlimited = run('unlimited')
    expect(unlimited.stdout).toBe('argv0=probe\npwrite 5\npwrite 2\n')
    expect(unlimited.status).toBe(0)
  })

  it('ends the process with code 1 when bytes still kept at exit cannot be written', async () => {
    const file = join(await mkdtemp(join(dir, 'exit-')), 'f')
    const script = `const fs = require('fs'); require(${JSON.stringify(coalescer)}).install()
      const fd = fs.openSync(${JSON.stringify(file)}, 'w'); fs.fstatSync(fd)
      fs.writeSync(fd, Buffer.from('hello'), 0, 5, 100000) // kept; no close: written at exit`
    const run = (limit: string) => spawnSync('sh', ['-c', `ulimit -f ${limit}; exec "$@"`, 'sh', process.execPath, '-e', script], { encoding: 'utf8' })
    const limited = run('64')
    expect(limited.stderr).toMatch(/writing kept bytes to fd \d+ failed: EFBIG/)
    expect(limited.status).toBe(1)
    const unlimited = run('unlimited')
    expect(unlimited.status).toBe(0)
    expect(readFileSync(file).subarray(100000).toString()).toBe('hello')
  })
})
