import { DiskImageError } from './DiskImageError.js'

/**
 * The postVM shell code ran and failed (a non-zero exit, a signal, or bash missing).
 * The build counts as failed: the image and the files the script made are removed again.
 */
export class PostVMFailedError extends DiskImageError<'E_POST_VM_FAILED', { exitCode: number | null; signal: string | null; output: string }> {
  constructor(exitCode: number | null, signal: string | null, output: string, options?: { cause?: unknown }) {
    const how = signal !== null ? `was killed by ${signal}` : exitCode !== null ? `exited with status ${exitCode}` : 'could not start (is bash on PATH?)'
    const tail = output.trim() === '' ? '' : `; its last output:\n${output.trimEnd()}`
    super(
      'E_POST_VM_FAILED',
      `postVM: the shell code ${how}, so the build failed and its outputs were removed; fix the script (it runs under bash -euo pipefail with $out and $diskImage set)${tail}`,
      { exitCode, signal, output },
      options,
    )
  }
}
