import type { DataBlock } from '../io/raw-source.js'
import type { CompressionPool } from './compression-pool.js'

/** A data block after compression: `compressed` is false when it did not shrink below the limit. */
export interface CompressedBlock {
  index: number
  bytes: Buffer
  compressed: boolean
}

/** Tuning of {@link compressBlocks}. */
export interface CompressBlocksOptions {
  pool: CompressionPool
  blockSize: number
  /** The largest compressed size accepted; larger blocks are stored raw. */
  limit: number
  /** How many batches may be in the workers at once (bounds memory: inFlight × batch bytes). */
  inFlight: number
}

/**
 * A batch: ~256 KiB (4 qcow2 clusters, 4 VMDK grains). Smaller batches share the work out more evenly
 * among threads that start and finish at different times: 1 MiB batches left one thread compressing
 * ~40 ms after the other had finished on a 5 MiB image; a message costs far less than a block.
 */
const BATCH_BYTES = 256 << 10

/**
 * Compresses the blocks of `source` in parallel and yields them in their original order. The blocks
 * are gathered in batches (a message per 4 KiB block would cost more than deflating it).
 */
export async function* compressBlocks(source: AsyncIterable<DataBlock>, options: CompressBlocksOptions): AsyncGenerator<CompressedBlock> {
  const { pool, blockSize, limit } = options
  const perBatch = Math.max(1, Math.floor(BATCH_BYTES / blockSize))
  const queue: Array<{ indexes: number[]; result: ReturnType<CompressionPool['compress']> }> = []
  let batch = Buffer.allocUnsafeSlow(perBatch * blockSize)
  let indexes: number[] = []

  const submit = (): void => {
    const result = pool.compress(batch, indexes.length, blockSize, limit)
    // Marks the rejection handled: if the consumer stops early, unawaited batches must not crash the process.
    result.catch(() => undefined)
    queue.push({ indexes, result })
    batch = Buffer.allocUnsafeSlow(perBatch * blockSize)
    indexes = []
  }
  async function* drainOne(): AsyncGenerator<CompressedBlock> {
    const head = queue.shift()!
    const { data, lengths } = await head.result
    let at = 0
    for (let i = 0; i < head.indexes.length; i++) {
      const length = Math.abs(lengths[i]!)
      yield { index: head.indexes[i]!, bytes: data.subarray(at, at + length), compressed: lengths[i]! > 0 }
      at += length
    }
  }

  for await (const block of source) {
    block.data.copy(batch, indexes.length * blockSize)
    indexes.push(block.index)
    if (indexes.length === perBatch) {
      submit()
      if (queue.length >= options.inFlight) yield* drainOne()
    }
  }
  if (indexes.length > 0) submit()
  while (queue.length > 0) yield* drainOne()
}
