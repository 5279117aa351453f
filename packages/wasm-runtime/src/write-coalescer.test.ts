import { execFileSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// child/write-coalescer.cjs patches the `fs` module of the process it runs in, so it is
// tested in child processes: the same seeded workload with and without it must see the same
// bytes in every read and stat and leave the same files; the real file system is the oracle.
const workload = fileURLToPath(new URL('./__fixtures__/coalescer-workload.cjs', import.meta.url))

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
})
