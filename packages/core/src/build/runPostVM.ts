import { spawn } from 'node:child_process'
import { PostVMFailedError } from '../errors/PostVMFailedError.js'

/** Lines of the script's output kept for the error message. */
const TAIL_LINES = 30

/**
 * Runs the reference's `postVM` shell code after the image is in `out`. The
 * reference evaluates it inside its Nix builder, under stdenv's `set -eu -o
 * pipefail`, with `$out` the output directory and `$diskImage` the image in it;
 * the same here (both exported). It starts in `cwd`, an empty scratch directory,
 * as a Nix build starts in its own empty build directory. Each line it prints
 * goes to `onLine` (stdout and stderr alike, in arrival order).
 *
 * @throws PostVMFailedError on a non-zero exit or a signal, with its last lines.
 */
export function runPostVM(script: string, env: { out: string; diskImage: string }, cwd: string, onLine: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-e', '-u', '-o', 'pipefail', '-c', script], {
      cwd,
      env: { ...process.env, out: env.out, diskImage: env.diskImage },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const tail: string[] = []
    const lines = lineSplitter((line) => {
      onLine(line)
      tail.push(line)
      if (tail.length > TAIL_LINES) tail.shift()
    })
    child.stdout.on('data', lines.push)
    child.stderr.on('data', lines.push)
    child.on('error', (error) => reject(new PostVMFailedError(null, null, '', { cause: error })))
    child.on('close', (code, signal) => {
      lines.flush()
      if (code === 0) resolve()
      else reject(new PostVMFailedError(signal === null ? code : null, signal, tail.join('\n')))
    })
  })
}

/** Cuts a byte stream into lines (a partial last line comes out on flush). */
function lineSplitter(emit: (line: string) => void): { push: (chunk: Buffer) => void; flush: () => void } {
  let pending = ''
  return {
    push: (chunk) => {
      const parts = (pending + chunk.toString('utf8')).split('\n')
      pending = parts.pop() ?? ''
      for (const p of parts) emit(p)
    },
    flush: () => {
      if (pending !== '') emit(pending)
      pending = ''
    },
  }
}
