import { statfsSync } from 'node:fs'
import { OutputOutOfSpaceError } from '../errors/OutputOutOfSpaceError.js'

// The host's ENOSPC as a WASM tool prints it: strerror's "No space left on device" from the tool, or
// Node's "ENOSPC: no space left on device" from wasm-runtime's write coalescer, whose kept bytes may
// meet the full disk only at a later call (or at exit), which it reports itself.
const TOOL_NO_SPACE = /[^\n]*no space left on device[^\n]*/i

/** The ENOSPC detail of a failure: a Node errno error, or a WASM tool's stderr; undefined for anything else. */
function noSpaceDetail(error: unknown): string | undefined {
  const e = error as { code?: unknown; message?: unknown; data?: { stderr?: unknown } } | null
  if (e?.code === 'ENOSPC') return String(e.message)
  if (e?.code === 'WASM_TOOL_FAILED' && typeof e.data?.stderr === 'string') return TOOL_NO_SPACE.exec(e.data.stderr)?.[0].trim()
  return undefined
}

function availableBytes(dir: string): number | null {
  try {
    const s = statfsSync(dir)
    return s.bavail * s.bsize
  } catch {
    return null // out itself may be gone (a failed build removes the directory it created)
  }
}

/**
 * Turns "no space left on device" while writing into `out` into OutputOutOfSpaceError,
 * which names out and the fix; other errors come back unchanged. Call it after the
 * scratch files are removed, so the free space it reports is the real one.
 */
export function explainOutOfSpace(error: unknown, out: string, parent: string): unknown {
  const detail = noSpaceDetail(error)
  if (detail === undefined) return error
  return new OutputOutOfSpaceError(out, availableBytes(out) ?? availableBytes(parent), detail, { cause: error })
}
