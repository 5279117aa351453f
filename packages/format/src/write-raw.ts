import type { ConvertProgress, RawSource } from './io/raw-source.js'
import type { TempOutput } from './io/temp-output.js'

const BLOCK = 1 << 20

/** Copies the raw image, writing only its non-zero MiB blocks: the copy is as sparse as the data allows. */
export async function writeRaw(source: RawSource, output: TempOutput, onProgress?: (progress: ConvertProgress) => void): Promise<void> {
  for await (const block of source.dataBlocks(BLOCK, onProgress)) {
    const length = Math.min(BLOCK, source.size - block.index * BLOCK)
    await output.write(block.data.subarray(0, length), block.index * BLOCK)
  }
  await output.truncate(source.size)
}
