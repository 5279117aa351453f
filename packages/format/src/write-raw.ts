import type { ConvertProgress, RawSource } from './io/raw-source.js'
import type { TempOutput } from './io/temp-output.js'
import { writeNonZero } from './io/write-non-zero.js'

const BLOCK = 1 << 20

/** Copies the raw image, writing only its non-zero 4 KiB pieces: the copy is as sparse as the data allows. */
export async function writeRaw(source: RawSource, output: TempOutput, onProgress?: (progress: ConvertProgress) => void): Promise<void> {
  for await (const run of source.dataRuns(BLOCK, onProgress)) {
    const length = Math.min(run.data.length, source.size - run.index * BLOCK)
    await writeNonZero(output, run.data.subarray(0, length), run.index * BLOCK)
  }
  await output.truncate(source.size)
}
