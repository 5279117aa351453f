import { spawnSync } from 'node:child_process'
import type { DiskImageError } from '../errors/DiskImageError.js'
import { PostVMSyntaxError } from '../errors/PostVMSyntaxError.js'
import type { ResolvedOptions } from '../options/ImageOptions.js'

/**
 * postVM runs only after the whole image is built, so a typo in it would
 * otherwise cost a full build: bash parses it (-n, nothing runs) up front.
 */
export function checkPostVM(options: ResolvedOptions): DiskImageError[] {
  const script = options.postVM
  if (typeof script !== 'string' || script.trim() === '') return []
  const parsed = spawnSync('bash', ['-n', '-c', script], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] })
  if (parsed.error) return [new PostVMSyntaxError(script, `bash could not be started (${parsed.error.message}), and postVM runs under bash: install it or put it on PATH`)]
  if (parsed.status === 0) return []
  const detail = parsed.stderr.trim().replace(/^bash: -c: /gm, '')
  return [new PostVMSyntaxError(script, `bash cannot parse it: ${detail || `bash -n exited with status ${parsed.status}`}`)]
}
