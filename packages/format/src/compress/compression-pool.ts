import { readFileSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import { WORKER_SOURCE } from './worker-source.js'

/**
 * The block compressions the workers know (see worker-source.ts): '-deflate' with libdeflate (the
 * default: fast, deterministic everywhere), '-zlib' with stock zlib (qemu-img's exact bytes),
 * 'qcow2-zstd' with libzstd (qcow2's compression_type=zstd).
 */
export type Codec = 'qcow2-deflate' | 'qcow2-zlib' | 'qcow2-zstd' | 'vmdk-deflate' | 'vmdk-zlib'

/** The compressors, built to WASM by wasm/build-libdeflate.sh, wasm/build.sh and wasm/build-zstd.sh; the same paths from src/ (tests) and dist/. */
const LIBDEFLATE_WASM = new URL('../../wasm/libdeflate.wasm', import.meta.url)
const STOCK_ZLIB_WASM = new URL('../../wasm/zlib-deflate.wasm', import.meta.url)
export const ZSTD_WASM = new URL('../../wasm/zstd.wasm', import.meta.url)

function wasmOf(codec: Codec): URL {
  if (codec === 'qcow2-zstd') return ZSTD_WASM
  return codec.endsWith('-zlib') ? STOCK_ZLIB_WASM : LIBDEFLATE_WASM
}

/** The result of one batch: the blocks' outputs back to back, and the length of each (negative: stored raw). */
export interface CompressedBatch {
  data: Buffer
  lengths: Int32Array
}

interface Job {
  resolve: (batch: CompressedBatch) => void
  reject: (error: Error) => void
}

/** What the pool needs of a worker: a real one, or the worker's code run on this thread (inlineWorker). */
interface CompressionWorker {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void
  terminate(): Promise<unknown>
}

interface Reply {
  id: number
  buffer: ArrayBuffer
  lengths: Int32Array
}

/**
 * A fixed set of worker threads that compress batches of equal-sized blocks. Each block is compressed
 * on its own, so the bytes depend only on the block, never on which worker or how many: the output
 * is the same whatever the thread count. With 0 threads the worker's own code runs on this thread.
 */
export class CompressionPool {
  private readonly workers: CompressionWorker[]
  private readonly jobs = new Map<number, Job>()
  private nextId = 0
  private failure: Error | undefined

  constructor(
    threads: number,
    private readonly codec: Codec,
  ) {
    const wasm = readFileSync(wasmOf(codec))
    const onReply = (message: Reply): void => {
      const job = this.jobs.get(message.id)
      this.jobs.delete(message.id)
      job?.resolve({ data: Buffer.from(message.buffer), lengths: message.lengths })
    }
    if (threads === 0) {
      this.workers = [inlineWorker(wasm, onReply, (error) => this.fail(error))]
      return
    }
    this.workers = Array.from({ length: threads }, () => {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { wasm } })
      worker.on('message', onReply)
      worker.on('error', (error) => this.fail(error))
      return worker
    })
  }

  /**
   * Compresses `count` blocks of `blockSize` bytes held back to back at the start of `blocks`, which must
   * own its ArrayBuffer (Buffer.allocUnsafeSlow); that memory is handed over to the worker.
   */
  compress(blocks: Buffer, count: number, blockSize: number, limit: number): Promise<CompressedBatch> {
    if (this.failure) return Promise.reject(this.failure)
    const id = this.nextId++
    const worker = this.workers[id % this.workers.length]!
    return new Promise((resolve, reject) => {
      this.jobs.set(id, { resolve, reject })
      // `blocks` owns its whole ArrayBuffer (allocUnsafeSlow), so it is moved to the worker, not copied.
      const buffer = blocks.buffer as ArrayBuffer
      worker.postMessage({ id, codec: this.codec, blockSize, limit, buffer, count }, [buffer])
    })
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()))
  }

  private fail(error: Error): void {
    this.failure = error
    for (const job of this.jobs.values()) job.reject(error)
    this.jobs.clear()
  }
}

/**
 * The worker's code (WORKER_SOURCE, the very same, so the same bytes) run on this thread: its
 * `require('node:worker_threads')` gets a stand-in port whose messages are handed over directly. Each
 * batch then compresses on this thread when it is posted, after the current task (so reads already
 * asked for go on meanwhile).
 */
function inlineWorker(wasm: Buffer, onReply: (reply: Reply) => void, onError: (error: Error) => void): CompressionWorker {
  let handle: ((message: unknown) => void) | undefined
  const parentPort = {
    on: (_event: 'message', handler: (message: unknown) => void) => {
      handle = handler
    },
    postMessage: (reply: Reply) => onReply(reply),
  }
  const require = (id: string): unknown => {
    if (id === 'node:worker_threads') return { parentPort, workerData: { wasm } }
    throw new Error(`the compression worker asked for ${id}`)
  }
  // Function, not eval: the source sees only the stand-in require (and the globals: Buffer, WebAssembly).
  new Function('require', WORKER_SOURCE)(require)
  return {
    postMessage: (message) =>
      setImmediate(() => {
        try {
          handle!(message)
        } catch (error) {
          onError(error as Error)
        }
      }),
    terminate: async () => undefined,
  }
}
