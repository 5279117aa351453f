import { WORKER_SOURCE } from './worker-source.js'

/** What the pool needs of a worker: a real one, or the worker's code run on this thread (inlineWorker). */
export interface CompressionWorker {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void
  terminate(): Promise<unknown>
}

/** A worker's answer to one batch (worker-source.ts). */
export interface Reply {
  id: number
  buffer: ArrayBuffer
  lengths: Int32Array
}

/**
 * The worker's code (WORKER_SOURCE, the very same, so the same bytes) run on this thread: its
 * `require('node:worker_threads')` gets a stand-in port whose messages are handed over directly. Each
 * batch then compresses on this thread when it is posted, after the current task (so reads already
 * asked for go on meanwhile).
 */
export function inlineWorker(module: object, onReply: (reply: Reply) => void, onError: (error: Error) => void): CompressionWorker {
  let handle: ((message: unknown) => void) | undefined
  const parentPort = {
    on: (_event: 'message', handler: (message: unknown) => void) => {
      handle = handler
    },
    // 'ready' says a real worker has started; this one is ready from the start.
    postMessage: (reply: Reply | 'ready') => reply !== 'ready' && onReply(reply),
  }
  const require = (id: string): unknown => {
    if (id === 'node:worker_threads') return { parentPort }
    throw new Error(`the compression worker asked for ${id}`)
  }
  // Function, not eval: the source sees only the stand-in require (and the globals: Buffer, WebAssembly).
  new Function('require', WORKER_SOURCE)(require)
  handle!({ module })
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
