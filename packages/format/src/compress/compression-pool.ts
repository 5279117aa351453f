import { compileWasm } from '../wasm-instance.js'
import { type CompressionWorker, inlineWorker, type Reply } from './inline-worker.js'
import { takeWorker } from './spare-workers.js'

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
  message: { id: number; codec: Codec; blockSize: number; limit: number; buffer: ArrayBuffer; count: number }
  resolve: (batch: CompressedBatch) => void
  reject: (error: Error) => void
}

/** A worker and what the scheduler knows of it. */
interface Slot {
  worker: CompressionWorker
  /** False until a real worker has started and instantiated its compressor. */
  ready: boolean
  /** Batches handed over and not yet answered. */
  busy: number
  /** Batches it has compressed. */
  done: number
  /**
   * How many batches it may hold: a real worker 2 (the next one waits in its port while it compresses,
   * so it never idles for a round trip); this thread 1 (it has reads and writes to do between batches).
   */
  capacity: number
}

/** Tuning of a {@link CompressionPool}. */
export interface CompressionPoolOptions {
  /**
   * Whether the calling thread compresses too, whenever it is idle and a batch waits (default false).
   * Starting a worker takes tens of milliseconds (~70 ms here): the calling thread starts at once.
   */
  callingThread?: boolean
}

/**
 * A fixed set of worker threads (and, optionally, the calling thread) that compress batches of
 * equal-sized blocks. A batch goes to whichever compressor is free when it is its turn, not to a worker
 * chosen in advance: a worker still starting takes nothing, and a compressor that finishes early
 * takes more. Each block is compressed on its own, so the bytes depend only on the block, never on
 * which compressor or how many: the output is the same whatever the thread count. With 0 workers the
 * calling thread compresses, whatever `callingThread` says. Workers come from prestartWorkers' spares
 * when some are waiting (spare-workers.ts).
 */
export class CompressionPool {
  private readonly slots: Slot[]
  private readonly jobs = new Map<number, Job>()
  /** Jobs not yet handed to a compressor, oldest first. */
  private readonly waiting: Job[] = []
  private nextId = 0
  private failure: Error | undefined
  private closing = false

  constructor(
    workers: number,
    private readonly codec: Codec,
    options: CompressionPoolOptions = {},
  ) {
    // Compiled once per process (a few milliseconds), shared by every worker instead of compiled in each.
    const module = compileWasm(wasmOf(codec))
    const onError = (error: Error): void => this.fail(error)
    this.slots = Array.from({ length: workers }, () => {
      const worker = takeWorker()
      // The compressor, the first message it handles: it answers 'ready' once it has instantiated it.
      worker.postMessage({ module })
      const slot: Slot = { worker, ready: false, busy: 0, done: 0, capacity: 2 }
      worker.on('message', (message: Reply | 'ready') => {
        if (message === 'ready') slot.ready = true
        else this.answer(slot, message)
        this.pump()
      })
      worker.on('error', onError)
      // A worker that stops without an error event (killed, or exit() from inside) would leave the
      // batches it holds unanswered for ever: fail them. close() sets `closing` first.
      worker.on('exit', (code) => this.closing || this.fail(new Error(`a compression worker stopped (exit code ${code}) with batches to do`)))
      return slot
    })
    if (workers === 0 || options.callingThread) {
      const slot: Slot = { worker: inlineWorker(module, (reply) => (this.answer(slot, reply), this.pump()), onError), ready: true, busy: 0, done: 0, capacity: 1 }
      this.slots.push(slot)
    }
  }

  /**
   * Compresses `count` blocks of `blockSize` bytes held back to back at the start of `blocks`, which must
   * own its ArrayBuffer (Buffer.allocUnsafeSlow); that memory is handed over to the worker.
   */
  compress(blocks: Buffer, count: number, blockSize: number, limit: number): Promise<CompressedBatch> {
    if (this.failure) return Promise.reject(this.failure)
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      // `blocks` owns its whole ArrayBuffer (allocUnsafeSlow), so it is moved to the worker, not copied.
      const job: Job = { message: { id, codec: this.codec, blockSize, limit, buffer: blocks.buffer as ArrayBuffer, count }, resolve, reject }
      this.jobs.set(id, job)
      this.waiting.push(job)
      this.pump()
    })
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    this.closing = true
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()))
  }

  /** Hands waiting batches to free compressors, workers first (this thread has other work too). */
  private pump(): void {
    for (const slot of this.slots) {
      while (this.waiting.length > 0 && slot.ready && slot.busy < slot.capacity) {
        const job = this.waiting.shift()!
        slot.busy++
        slot.worker.postMessage(job.message, [job.message.buffer])
      }
    }
  }

  /** How many batches each compressor has done: the workers in order, then the calling thread's (if any). */
  batchesDone(): number[] {
    return this.slots.map((slot) => slot.done)
  }

  private answer(slot: Slot, reply: Reply): void {
    slot.busy--
    slot.done++
    const job = this.jobs.get(reply.id)
    this.jobs.delete(reply.id)
    job?.resolve({ data: Buffer.from(reply.buffer), lengths: reply.lengths })
  }

  private fail(error: Error): void {
    this.failure = error
    for (const job of this.jobs.values()) job.reject(error)
    this.jobs.clear()
    this.waiting.length = 0
  }
}
