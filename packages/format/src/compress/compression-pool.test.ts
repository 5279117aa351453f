// The pool's scheduling: whichever compressor is free takes the next batch, and the answers are the
// same whoever compressed them. Each block is checked against node's own inflate.
import { spawnSync } from 'node:child_process'
import { inflateRawSync } from 'node:zlib'
import { afterEach, expect, it } from 'vitest'
import { CompressionPool } from './compression-pool.js'
import { prestartWorkers, spareWorkerCount } from './spare-workers.js'

const BLOCK = 65536
const pools: CompressionPool[] = []
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()))
})

const blocks = new Map<number, Buffer>()
/** Block `n` of a test stream: text with some noise, compressible but not trivially, different per n. */
function block(n: number): Buffer {
  const known = blocks.get(n)
  if (known) return known
  const data = Buffer.alloc(BLOCK)
  blocks.set(n, data)
  let seed = n + 1
  for (let i = 0; i < BLOCK; i++) data[i] = i % 7 === 0 ? (seed = (seed * 1103515245 + 12345) & 0xff) : 65 + ((i + n) % 26)
  return data
}

/** Submits `batches` batches of `perBatch` blocks at once; resolves with each block's compressed bytes in order. */
async function compressMany(pool: CompressionPool, batches: number, perBatch: number): Promise<Buffer[]> {
  const results = Array.from({ length: batches }, (_, b) => {
    const buffer = Buffer.allocUnsafeSlow(perBatch * BLOCK)
    for (let i = 0; i < perBatch; i++) block(b * perBatch + i).copy(buffer, i * BLOCK)
    return pool.compress(buffer, perBatch, BLOCK, BLOCK - 1)
  })
  const pieces: Buffer[] = []
  for (const { data, lengths } of await Promise.all(results)) {
    let at = 0
    for (const length of lengths) {
      expect(length).toBeGreaterThan(0) // every test block compresses
      pieces.push(data.subarray(at, (at += length)))
    }
  }
  return pieces
}

function newPool(workers: number, callingThread: boolean): CompressionPool {
  const pool = new CompressionPool(workers, 'qcow2-deflate', { callingThread })
  pools.push(pool)
  return pool
}

it('the calling thread alone, workers alone and both together give the same bytes, each inflating to its block', async () => {
  const inline = await compressMany(newPool(0, false), 12, 2)
  const workers = await compressMany(newPool(2, false), 12, 2)
  const mixed = await compressMany(newPool(1, true), 12, 2)
  inline.forEach((piece, n) => expect(inflateRawSync(piece).equals(block(n))).toBe(true))
  // Buffer.equals: vitest's toEqual walks a Buffer byte by byte (seconds for these).
  expect(workers.map((piece, n) => piece.equals(inline[n]!))).toEqual(inline.map(() => true))
  expect(mixed.map((piece, n) => piece.equals(inline[n]!))).toEqual(inline.map(() => true))
})

it('the first batch goes to the calling thread, as no worker has started yet; every batch is done once', async () => {
  const pool = newPool(1, true)
  await compressMany(pool, 10, 1)
  const [worker, calling] = pool.batchesDone()
  expect(calling).toBeGreaterThanOrEqual(1)
  expect(worker! + calling!).toBe(10)
})

it('without the calling thread, batches wait for a worker to start and all are done by the workers', async () => {
  const pool = newPool(2, false)
  await compressMany(pool, 8, 1)
  expect(pool.batchesDone().length).toBe(2)
  expect(pool.batchesDone().reduce((a, b) => a + b)).toBe(8)
})

it('a worker that fails rejects the batches it holds and every later one', async () => {
  const pool = newPool(1, false)
  // A codec no worker knows: the worker throws on the first batch (its 'error' event fails the pool).
  Object.assign(pool, { codec: 'no-such-codec' })
  const buffer = Buffer.allocUnsafeSlow(BLOCK)
  await expect(pool.compress(buffer, 1, BLOCK, BLOCK - 1)).rejects.toThrow()
  await expect(pool.compress(Buffer.allocUnsafeSlow(BLOCK), 1, BLOCK, BLOCK - 1)).rejects.toThrow()
})

it('a worker that stops without an error rejects the batch it holds instead of leaving it unanswered', async () => {
  const pool = newPool(1, false)
  await compressMany(pool, 1, 1) // the worker has started
  // 32 blocks (~70 ms of work): it is still compressing when terminate() comes.
  const batch = Buffer.allocUnsafeSlow(32 * BLOCK)
  for (let i = 0; i < 32; i++) block(i).copy(batch, i * BLOCK)
  const pending = pool.compress(batch, 32, BLOCK, BLOCK - 1)
  const [slot] = (pool as unknown as { slots: Array<{ worker: { terminate(): Promise<number> } }> }).slots
  await slot!.worker.terminate()
  await expect(pending).rejects.toThrow(/compression worker stopped \(exit code 1\)/)
})

it('a pool takes the workers prestartWorkers started, whatever their codec, and they compress as new ones do', async () => {
  prestartWorkers(2)
  expect(spareWorkerCount()).toBe(2)
  const inline = await compressMany(newPool(0, false), 6, 1)
  const pool = new CompressionPool(2, 'qcow2-deflate')
  pools.push(pool)
  expect(spareWorkerCount()).toBe(0)
  const fromSpares = await compressMany(pool, 6, 1)
  expect(fromSpares.map((piece, n) => piece.equals(inline[n]!))).toEqual(inline.map(() => true))
  expect(pool.batchesDone().reduce((a, b) => a + b)).toBe(6)
})

it('spare workers start under node --input-type=module too, and idle ones do not keep the process alive', () => {
  // A child process (the built module: node 20 runs no TypeScript) that prestarts two workers, checks
  // 0.5 s later that both are still there (not failed at start), and returns: it must then exit by
  // itself, not hang until the timeout.
  const url = new URL('../../dist/compress/spare-workers.js', import.meta.url).href
  const script = `const { prestartWorkers, spareWorkerCount } = await import(${JSON.stringify(url)}); prestartWorkers(2); setTimeout(() => console.log(spareWorkerCount()), 500)`
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 })
  expect(result.error).toBeUndefined()
  expect(result.status).toBe(0)
  expect(result.stdout).toBe('2\n')
})
