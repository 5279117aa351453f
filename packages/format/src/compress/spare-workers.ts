import { Worker } from 'node:worker_threads'
import { WORKER_SOURCE } from './worker-source.js'

/**
 * Compression workers started ahead of a conversion (prestartWorkers), not yet taken by a pool. A
 * worker takes ~70–100 ms to start here (Node's bootstrap of its isolate); a build starts them while
 * its file systems are written, so that its conversion finds them running. They hold no compressor
 * yet (the pool hands one over: any codec), and are unref'd: an idle spare never keeps the process
 * alive, and one never taken costs its memory (~10 MB) until the process ends.
 */
const spares: Worker[] = []

/**
 * A new compression worker. Its source is CommonJS (`require`): a worker inherits the process's
 * execArgv, and under `node --input-type=module` its eval'd source would be taken as an ES module and
 * fail at once ("require is not defined"), so that flag is left out.
 */
function startWorker(): Worker {
  return new Worker(WORKER_SOURCE, { eval: true, execArgv: process.execArgv.filter((arg) => !arg.startsWith('--input-type')) })
}

/** Starts workers until `count` spares are waiting. */
export function prestartWorkers(count: number): void {
  while (spares.length < count) {
    const worker = startWorker()
    worker.unref()
    const drop = (): void => {
      const at = spares.indexOf(worker)
      if (at >= 0) spares.splice(at, 1)
    }
    // A spare that fails or stops before it is taken is forgotten; the pool that would have taken it
    // starts a new one.
    worker.once('error', drop).once('exit', drop)
    spares.push(worker)
  }
}

/** A spare worker if one is waiting, else a new one; either way referenced (it keeps the process alive). */
export function takeWorker(): Worker {
  const worker = spares.shift()
  if (!worker) return startWorker()
  worker.removeAllListeners('error').removeAllListeners('exit')
  worker.ref()
  return worker
}

/** How many spares are waiting (for tests). */
export function spareWorkerCount(): number {
  return spares.length
}
