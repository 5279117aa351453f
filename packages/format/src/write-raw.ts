import type { ConvertProgress, RawSource } from './io/raw-source.js'
import type { TempOutput } from './io/temp-output.js'
import { SPARSE_GRANULE } from './io/write-non-zero.js'

/**
 * Copies the raw image, writing only its non-zero 4 KiB pieces: the copy is as sparse as the data allows.
 * The source finds the runs of non-zero pieces in one pass over the bytes, and each run is one write
 * straight from the read buffer, while the next chunks are being read.
 */
export async function writeRaw(source: RawSource, output: TempOutput, onProgress?: (progress: ConvertProgress) => void): Promise<void> {
  for await (const run of source.dataRuns(SPARSE_GRANULE, onProgress)) {
    const position = run.index * SPARSE_GRANULE
    // A last partial piece comes zero-padded; the copy ends where the input does.
    run.retain(output.write(run.data.subarray(0, Math.min(run.data.length, source.size - position)), position))
  }
  await output.truncate(source.size)
}
