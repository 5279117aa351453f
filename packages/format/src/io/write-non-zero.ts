import { isAllZero } from './is-all-zero.js'
import type { TempOutput } from './temp-output.js'

/** qemu-img convert's default minimum sparse run (-S 4k): zero pieces this big stay holes. */
export const SPARSE_GRANULE = 4096

/**
 * Writes `data` at `position`, skipping every all-zero 4 KiB piece, so the output file keeps holes
 * where the data has zeros, as `qemu-img convert` leaves them (its -S 4k default). The caller makes
 * sure the file ends up long enough (truncate, or a later write past the end).
 */
export async function writeNonZero(output: TempOutput, data: Buffer, position: number): Promise<void> {
  // The pieces' writes go out together (the thread pool runs them side by side) instead of one
  // round trip each: data with many zero pages (file system metadata) splits into many pieces.
  const writes: Promise<void>[] = []
  let runStart = -1
  for (let at = 0; at < data.length; at += SPARSE_GRANULE) {
    const zero = isAllZero(data, at, Math.min(data.length, at + SPARSE_GRANULE))
    if (!zero && runStart < 0) runStart = at
    if (zero && runStart >= 0) {
      writes.push(output.write(data.subarray(runStart, at), position + runStart))
      runStart = -1
    }
  }
  if (runStart >= 0) writes.push(output.write(data.subarray(runStart), position + runStart))
  await Promise.all(writes)
}
