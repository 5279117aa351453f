import { constants, promises as fsp, readSync } from 'node:fs'
import { allocateAlignedBuffer } from './aligned-buffer.js'
import { openRegularFile } from './open-regular-file.js'
import { isAllZero } from './is-all-zero.js'

/** How far a conversion has come, in bytes of the raw input scanned. */
export interface ConvertProgress {
  bytesDone: number
  bytesTotal: number
}

/** A byte range of the raw image. */
export interface ByteRange {
  offset: number
  length: number
}

/** A block of the raw image that holds at least one non-zero byte. `data` is valid until the next block is asked for. */
export interface DataBlock {
  index: number
  data: Buffer
}

/**
 * Consecutive blocks of the raw image that each hold a non-zero byte, in one buffer (`count` blocks from
 * block `index`; a last partial block comes zero-padded). `data` is valid until the next run is asked for.
 */
export interface DataRun {
  index: number
  count: number
  data: Buffer
}

interface Chunk {
  offset: number
  /** Bytes covered; `buffer` holds them (zero-padded past the end of the file). */
  length: number
  buffer: Buffer
  zero: boolean
}

const CHUNK_BYTES = 4 << 20
const MIN_PROBE_BYTES = 64 << 10

/**
 * Reads a raw image in big chunks and hands out only its non-zero blocks.
 *
 * Node has no SEEK_DATA/SEEK_HOLE, and a buffered read of a hole is slow on Linux (the kernel
 * allocates and zeroes a page-cache page for every hole page: ~0.35 GB/s measured on ext4), while an
 * O_DIRECT read of a hole only zeroes our buffer (~9 GB/s) but reads data from the device, bypassing
 * the page cache (~0.46 GB/s against ~2.8 GB/s cached). So the reader switches by run: while the last
 * chunk was all zero it reads with O_DIRECT (cheap across holes), after a chunk with data it reads
 * buffered (cheap across cached data); see chunks(). Both return the same bytes; only speed differs.
 * O_DIRECT reads run on this thread (see fillFromSync), buffered ones on the thread pool.
 * Where O_DIRECT is refused (tmpfs, some FUSE), every read is buffered.
 */
export class RawSource {
  /** The caller's data ranges, sorted by offset; undefined: anything may hold data. */
  private readonly dataRanges: ByteRange[] | undefined
  private rangeCursor = 0

  private constructor(
    readonly path: string,
    readonly size: number,
    private readonly buffered: fsp.FileHandle,
    private direct: fsp.FileHandle | undefined,
    dataRanges: readonly ByteRange[] | undefined,
  ) {
    this.dataRanges = dataRanges && [...dataRanges].sort((a, b) => a.offset - b.offset)
  }

  /**
   * Opens `path`, which must be a regular file. `dataRanges`, when given, are the only ranges that may
   * hold non-zero bytes (a builder knows what it wrote): the rest is taken as zeros without reading it,
   * which spares the scan of holes that Node cannot skip with SEEK_DATA.
   */
  static async open(path: string, dataRanges?: readonly ByteRange[], options: { direct?: boolean } = {}): Promise<RawSource> {
    const { handle, size } = await openRegularFile(path)
    // `direct: false` forces buffered reads (tests compare both paths).
    const direct = options.direct === false ? undefined : await fsp.open(path, constants.O_RDONLY | constants.O_DIRECT).catch(() => undefined)
    return new RawSource(path, size, handle, direct, dataRanges)
  }

  /** Closes the file. */
  async close(): Promise<void> {
    await this.buffered.close()
    await this.direct?.close()
  }

  /**
   * Yields, in order, every block of `blockSize` bytes (a power of two dividing 4 MiB) that holds a
   * non-zero byte; a last partial block comes zero-padded to `blockSize`.
   */
  async *dataBlocks(blockSize: number, onProgress?: (progress: ConvertProgress) => void): AsyncGenerator<DataBlock> {
    for await (const run of this.dataRuns(blockSize, onProgress)) {
      for (let i = 0; i < run.count; i++) yield { index: run.index + i, data: run.data.subarray(i * blockSize, (i + 1) * blockSize) }
    }
  }

  /**
   * The same blocks as {@link dataBlocks}, gathered into runs of consecutive ones (within a 4 MiB chunk):
   * a writer that lays them out one after the other writes a run with one call straight from the read
   * buffer, instead of one call or one copy per block.
   */
  async *dataRuns(blockSize: number, onProgress?: (progress: ConvertProgress) => void): AsyncGenerator<DataRun> {
    for await (const chunk of this.chunks(blockSize)) {
      onProgress?.({ bytesDone: Math.min(this.size, chunk.offset + chunk.length), bytesTotal: this.size })
      if (chunk.zero) continue
      let runStart = -1
      const end = Math.min(chunk.length, this.size - chunk.offset)
      for (let start = 0; start < end; start += blockSize) {
        const zero = isAllZero(chunk.buffer.subarray(start, start + blockSize))
        if (!zero && runStart < 0) runStart = start
        if (zero && runStart >= 0) {
          yield this.runOf(chunk, runStart, start, blockSize)
          runStart = -1
        }
      }
      if (runStart >= 0) yield this.runOf(chunk, runStart, Math.ceil(end / blockSize) * blockSize, blockSize)
    }
  }

  private runOf(chunk: Chunk, from: number, to: number, blockSize: number): DataRun {
    return { index: (chunk.offset + from) / blockSize, count: (to - from) / blockSize, data: chunk.buffer.subarray(from, to) }
  }

  /**
   * Chunks read one ahead of the consumer into two alternating buffers. After data, chunks are
   * CHUNK_BYTES read buffered. In a run of zeros, reads go O_DIRECT and start small (MIN_PROBE_BYTES,
   * or one block), doubling while they keep finding zeros: a long hole is crossed in big reads, while
   * the first read that meets data again is small, because O_DIRECT reads data from the device (and
   * first writes back dirty pages of a freshly built image), which is slow.
   */
  private async *chunks(blockSize: number): AsyncGenerator<Chunk> {
    const buffers = [allocateAlignedBuffer(CHUNK_BYTES), allocateAlignedBuffer(CHUNK_BYTES)]
    const minProbe = Math.max(MIN_PROBE_BYTES, blockSize)
    let probe = minProbe
    let inHoleRun = false
    const read = async (offset: number, buffer: Buffer): Promise<Chunk> => {
      const parts = this.dataRanges && this.rangesWithin(offset, CHUNK_BYTES)
      // A chunk no range meets is zeros: its buffer is not even touched (consumers skip zero chunks).
      if (parts && parts.length === 0) return { offset, length: CHUNK_BYTES, buffer, zero: true }
      if (parts) {
        // Only what the ranges cover is read; the rest is zeros by the caller's word, and reading it
        // would cost a hole read (slow when buffered) or the rounding of a range to whole chunks.
        let filled = 0
        for (const part of parts) {
          const from = part.offset - offset
          // Zeros only in the gaps: a memset of the whole 4 MiB per chunk showed in profiles.
          if (from > filled) buffer.fill(0, filled, from)
          await this.readAt(part.offset, buffer.subarray(from, from + part.length), false)
          filled = Math.max(filled, from + part.length)
        }
        buffer.fill(0, filled, CHUNK_BYTES)
        // No whole-chunk zero check here: the ranges already say where data is, and dataRuns checks
        // every block anyway (a second pass over the bytes cost as much as the first).
        return { offset, length: CHUNK_BYTES, buffer, zero: false }
      }
      const direct = inHoleRun && this.direct !== undefined
      const length = direct ? probe : CHUNK_BYTES
      const bytes = await this.readAt(offset, buffer.subarray(0, length), direct)
      buffer.fill(0, bytes, length)
      const zero = isAllZero(buffer.subarray(0, Math.min(length, this.size - offset)))
      probe = zero && inHoleRun ? Math.min(CHUNK_BYTES, probe * 2) : minProbe
      inHoleRun = zero
      return { offset, length, buffer, zero }
    }
    let next = this.size > 0 ? read(0, buffers[0]!) : undefined
    for (let index = 0; next; index++) {
      const chunk = await next
      const offset = chunk.offset + chunk.length
      next = offset < this.size ? read(offset, buffers[(index + 1) % 2]!) : undefined
      yield chunk
    }
  }

  /** The parts of the data ranges inside [offset, offset + length) and the file; offsets must come in increasing order. */
  private rangesWithin(offset: number, length: number): ByteRange[] {
    const ranges = this.dataRanges!
    while (this.rangeCursor < ranges.length && ranges[this.rangeCursor]!.offset + ranges[this.rangeCursor]!.length <= offset) this.rangeCursor++
    const end = Math.min(offset + length, this.size)
    const parts: ByteRange[] = []
    for (let i = this.rangeCursor; i < ranges.length && ranges[i]!.offset < end; i++) {
      const from = Math.max(offset, ranges[i]!.offset)
      const to = Math.min(end, ranges[i]!.offset + ranges[i]!.length)
      if (from < to) parts.push({ offset: from, length: to - from })
    }
    return parts
  }

  /** Fills `buffer` from `offset` (a short count at the end of the file); O_DIRECT when asked and possible. */
  private async readAt(offset: number, buffer: Buffer, preferDirect: boolean): Promise<number> {
    if (preferDirect && this.direct) {
      try {
        return fillFromSync(this.direct, buffer, offset, this.size - offset)
      } catch {
        // The filesystem refused O_DIRECT for this read (EINVAL): stay buffered from now on.
        await this.direct.close().catch(() => undefined)
        this.direct = undefined
      }
    }
    return fillFrom(this.buffered, buffer, offset, this.size - offset)
  }
}

/**
 * Reads until `buffer` holds `wanted` bytes or the file ends; returns the byte count. Each request asks
 * for the whole rest of the buffer, so that O_DIRECT requests stay block-aligned.
 */
async function fillFrom(handle: fsp.FileHandle, buffer: Buffer, position: number, wanted: number): Promise<number> {
  let filled = 0
  while (filled < Math.min(wanted, buffer.length)) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, position + filled)
    if (bytesRead === 0) break
    filled += bytesRead
  }
  return filled
}

/**
 * {@link fillFrom} on this thread. O_DIRECT reads go this way: they run in a run of holes, where the
 * kernel only zeroes our buffer; done on this thread, the zero check then finds the buffer in this
 * core's cache, instead of pulling 4 MiB over from the thread pool's core (measured on a 20 GiB hole:
 * 2.0 s user + 2.7 s system through the thread pool, against 0.7–0.9 s + 1.2–1.6 s here).
 */
function fillFromSync(handle: fsp.FileHandle, buffer: Buffer, position: number, wanted: number): number {
  let filled = 0
  while (filled < Math.min(wanted, buffer.length)) {
    const bytesRead = readSync(handle.fd, buffer, filled, buffer.length - filled, position + filled)
    if (bytesRead === 0) break
    filled += bytesRead
  }
  return filled
}
