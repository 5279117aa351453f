import { constants, promises as fsp, readSync } from 'node:fs'
import { allocateAlignedBuffers } from './aligned-buffer.js'
import { openRegularFile } from './open-regular-file.js'
import type { DataRangesOption } from '../convert-options.js'
import { hostDataExtents } from './host-data-extents.js'
import { helperDataExtents } from './seek-data-helper.js'
import { isAllZero } from './is-all-zero.js'
import { assertByteRanges, type ByteRange, intersectRanges, normalizeRanges } from './ranges.js'

/** How far a conversion has come, in bytes of the raw input scanned. */
export interface ConvertProgress {
  bytesDone: number
  bytesTotal: number
}

/** A block of the raw image that holds at least one non-zero byte. `data` is valid until the next block is asked for. */
export interface DataBlock {
  index: number
  data: Buffer
}

/**
 * Consecutive blocks of the raw image that each hold a non-zero byte, in one buffer (`count` blocks from
 * block `index`; a last partial block comes zero-padded). `data` is valid until the next run is asked
 * for, or, when the run is handed to {@link DataRun.retain}, until that promise settles.
 */
export interface DataRun {
  index: number
  count: number
  data: Buffer
  /**
   * Keeps `data` from being reused until `pending` (typically the write of it) settles, so the caller
   * can go on to the next run without awaiting the write: reads, writes and the caller's own work then
   * overlap. A rejection of `pending` is thrown by the source's iteration; the iteration ends only after
   * everything retained has settled.
   */
  retain(pending: Promise<unknown>): void
}

interface Chunk {
  offset: number
  /** Bytes covered; `buffer` holds them (zero-padded past the end of the file). */
  length: number
  buffer: Buffer
  zero: boolean
  slot: Slot
}

/** A read buffer and what must settle before it may be filled again. */
interface Slot {
  buffer: Buffer
  /** Settles once the consumer is done with the chunk in the buffer and all it retained has settled. */
  free: Promise<unknown>
  release: (held: Promise<unknown>) => void
  held: Promise<unknown>[]
}

const CHUNK_BYTES = 4 << 20
const MIN_PROBE_BYTES = 64 << 10
/**
 * Read buffers: while the consumer works on one chunk and the writes of earlier ones are in flight, the
 * next chunks are being read. With one buffer ahead only, the copy in and the copy out took turns.
 */
const SLOTS = 4
/** The chunk size when data ranges are given (at least one block). */
const RANGE_CHUNK_BYTES = 1 << 20

/**
 * Reads a raw image in big chunks and hands out only its non-zero blocks.
 *
 * Where the data is comes first from the host's map of holes (SEEK_DATA, see hostDataExtents) and the
 * caller's data ranges: only those bytes are read. Without either, every byte is scanned, and a
 * buffered read of a hole is slow on Linux (the kernel allocates and zeroes a page-cache page for every
 * hole page: ~0.35 GB/s measured on ext4), while an O_DIRECT read of a hole only zeroes our buffer
 * (~9 GB/s) but reads data from the device, bypassing the page cache (~0.46 GB/s against ~2.8 GB/s
 * cached). So a scan switches by run: while the last chunk was all zero it reads with O_DIRECT (cheap
 * across holes), after a chunk with data it reads buffered (cheap across cached data); see chunks().
 * Both return the same bytes; only speed differs. O_DIRECT reads run on this thread (see
 * fillFromSync), buffered ones on the thread pool. Where O_DIRECT is refused (tmpfs, some FUSE), every
 * read is buffered.
 */
export class RawSource {
  /** The only bytes that may hold data (caller's ranges and host map), sorted and disjoint; undefined: anything may. */
  private readonly dataRanges: readonly ByteRange[] | undefined
  private rangeCursor = 0
  private allocateBuffers: ((count: number, bytes: number) => Buffer[]) | undefined

  private constructor(
    readonly path: string,
    readonly size: number,
    private readonly buffered: fsp.FileHandle,
    private direct: fsp.FileHandle | undefined,
    dataRanges: readonly ByteRange[] | undefined,
  ) {
    this.dataRanges = dataRanges
  }

  /**
   * Opens `path`, which must be a regular file. `dataRanges`, when given, are the only ranges that may
   * hold non-zero bytes (a builder knows what it wrote): the rest is taken as zeros without reading it.
   * The host file system's own map of data and holes (SEEK_DATA, see hostDataExtents) narrows them
   * further, or stands in for them; only when neither is known is every byte scanned. Ranges given as
   * a function are asked for only when the host has no map.
   *
   * `options` are for tests that compare the paths: `seekData: false` ignores the host's map,
   * `direct: false` keeps a scan off O_DIRECT.
   */
  static async open(path: string, dataRanges?: DataRangesOption, options: { direct?: boolean; seekData?: boolean } = {}): Promise<RawSource> {
    const { handle, size, ino } = await openRegularFile(path)
    try {
      const extents = options.seekData === false ? undefined : ((await helperDataExtents(handle.fd, size, ino)) ?? hostDataExtents(handle.fd, size))
      const given = typeof dataRanges === 'function' ? (extents ? undefined : await rangesFrom(dataRanges)) : dataRanges
      const ranges = intersectRanges(given && normalizeRanges(given), extents)
      // O_DIRECT serves only the scan of holes (see chunks()).
      const direct = ranges || options.direct === false ? undefined : await fsp.open(path, constants.O_RDONLY | constants.O_DIRECT).catch(() => undefined)
      return new RawSource(path, size, handle, direct, ranges)
    } catch (error) {
      await handle.close()
      throw error
    }
  }

  /**
   * Makes the reads go into buffers from `allocate` (asked once, for all of them, when the iteration
   * starts) instead of fresh ones: a content digest gives buffers in its own memory, to digest the
   * blocks where they were read. They must be 4 KiB-aligned (O_DIRECT reads).
   */
  readInto(allocate: (count: number, bytes: number) => Buffer[]): void {
    this.allocateBuffers = allocate
  }

  /** At most how many bytes of the image can hold data: what the data ranges and host map cover, else its size. */
  get dataBytesAtMost(): number {
    return this.dataRanges ? this.dataRanges.reduce((sum, range) => sum + range.length, 0) : this.size
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
        const zero = isAllZero(chunk.buffer, start, start + blockSize)
        if (!zero && runStart < 0) runStart = start
        if (zero && runStart >= 0) {
          yield this.runOf(chunk, runStart, start, blockSize)
          runStart = -1
        }
      }
      if (runStart >= 0) yield this.runOf(chunk, runStart, Math.ceil(end / blockSize) * blockSize, blockSize)
    }
    // Stretches without data are skipped, not read: the last chunk may end well before the input does.
    onProgress?.({ bytesDone: this.size, bytesTotal: this.size })
  }

  private runOf(chunk: Chunk, from: number, to: number, blockSize: number): DataRun {
    const { held } = chunk.slot
    return {
      index: (chunk.offset + from) / blockSize,
      count: (to - from) / blockSize,
      data: chunk.buffer.subarray(from, to),
      retain: (pending) => {
        // Marked handled here; the rejection is thrown where the slot's `free` is awaited.
        pending.catch(() => undefined)
        held.push(pending)
      },
    }
  }

  /**
   * Chunks read ahead of the consumer into SLOTS buffers, in order; a buffer is filled again only once
   * the consumer is done with its chunk and what it retained has settled.
   *
   * With data ranges, chunks have a fixed size and each read starts as soon as its buffer is free, so
   * several are in flight (the kernel's copies run on several cores). Without, each read starts when
   * the one before it has ended, as its outcome decides the next read's offset and kind: after data,
   * chunks are CHUNK_BYTES read buffered; in a run of zeros, reads go O_DIRECT and start small
   * (MIN_PROBE_BYTES, or one block), doubling while they keep finding zeros: a long hole is crossed in
   * big reads, while the first read that meets data again is small, because O_DIRECT reads data from the
   * device (and first writes back dirty pages of a freshly built image), which is slow.
   */
  private async *chunks(blockSize: number): AsyncGenerator<Chunk> {
    // Smaller chunks with ranges: more reads in flight, and fewer fresh pages to fault in (a first touch
    // of a buffer page cost ~2.5 ms per MiB in the kernel's copy on the machine measured).
    const chunkBytes = this.dataRanges ? Math.max(blockSize, RANGE_CHUNK_BYTES) : CHUNK_BYTES
    const buffers = (this.allocateBuffers ?? allocateAlignedBuffers)(SLOTS, chunkBytes)
    const slots = buffers.map(freeSlot)
    const minProbe = Math.max(MIN_PROBE_BYTES, blockSize)
    let probe = minProbe
    let inHoleRun = false
    let stopped = false

    const readRanges = async (offset: number, parts: ByteRange[], slot: Slot): Promise<Chunk> => {
      const { buffer } = slot
      // A chunk no range meets is zeros: its buffer is not even touched (consumers skip zero chunks).
      if (parts.length === 0) return { offset, length: chunkBytes, buffer, zero: true, slot }
      // Only what the ranges cover is read; the rest is zeros by the caller's word, and reading it
      // would cost a hole read (slow when buffered) or the rounding of a range to whole chunks.
      let filled = 0
      const reads: Promise<number>[] = []
      for (const part of parts) {
        const from = part.offset - offset
        // Zeros only in the gaps: a memset of the whole chunk showed in profiles.
        if (from > filled) buffer.fill(0, filled, from)
        reads.push(this.readAt(part.offset, buffer.subarray(from, from + part.length), false))
        filled = Math.max(filled, from + part.length)
      }
      buffer.fill(0, filled, chunkBytes)
      await Promise.all(reads)
      // No whole-chunk zero check here: the ranges already say where data is, and dataRuns checks
      // every block anyway (a second pass over the bytes cost as much as the first).
      return { offset, length: chunkBytes, buffer, zero: false, slot }
    }

    const readScanning = async (offset: number, slot: Slot): Promise<Chunk> => {
      const { buffer } = slot
      const direct = inHoleRun && this.direct !== undefined
      const length = direct ? probe : CHUNK_BYTES
      const bytes = await this.readAt(offset, buffer.subarray(0, length), direct)
      buffer.fill(0, bytes, length)
      const zero = isAllZero(buffer, 0, Math.min(length, this.size - offset))
      probe = zero && inHoleRun ? Math.min(CHUNK_BYTES, probe * 2) : minProbe
      inHoleRun = zero
      return { offset, length, buffer, zero, slot }
    }

    const queue: Promise<Chunk | undefined>[] = []
    let slotIndex = 0
    // With ranges: the next chunk's offset. Without: the chain of reads, from an empty piece at 0.
    let nextOffset = 0
    let last: Promise<Pick<Chunk, 'offset' | 'length'> | undefined> = Promise.resolve({ offset: 0, length: 0 })
    const readNext = (): void => {
      const slot = slots[slotIndex++ % SLOTS]!
      let next: Promise<Chunk | undefined>
      if (this.dataRanges) {
        // A stretch no range meets is skipped whole: its chunks would all be zeros (and a 20 GiB image
        // with a few MiB of data would otherwise cost 20,000 of them).
        const offset = this.nextChunkWithData(nextOffset, chunkBytes)
        nextOffset = offset + chunkBytes
        // The ranges are taken here, in offset order (their cursor only moves forward).
        const parts = offset < this.size ? this.rangesWithin(offset, chunkBytes) : []
        next = offset >= this.size ? Promise.resolve(undefined) : slot.free.then(() => (stopped ? undefined : (occupy(slot), readRanges(offset, parts, slot))))
      } else {
        next = last.then(async (previous) => {
          const offset = previous ? previous.offset + previous.length : this.size
          if (offset >= this.size) return undefined
          await slot.free
          if (stopped) return undefined
          occupy(slot)
          return readScanning(offset, slot)
        })
        last = next
      }
      // Marked handled: a read that fails is thrown when the consumer reaches it (or never, if it stopped).
      next.catch(() => undefined)
      queue.push(next)
    }

    try {
      for (;;) {
        while (queue.length < SLOTS) readNext()
        const chunk = await queue.shift()!
        if (!chunk) break
        yield chunk
        chunk.slot.release(Promise.all(chunk.slot.held))
      }
      // Every retained write has settled (or its error is thrown) before the iteration ends.
      await Promise.all(slots.map((slot) => slot.free))
    } finally {
      stopped = true
      // A consumer that stops early leaves reads in flight and writes retained: let them end before the
      // files are closed. Slots read into but never reached by the consumer are released here.
      for (const slot of slots) slot.release(Promise.allSettled(slot.held))
      await Promise.allSettled([...queue, ...slots.map((slot) => slot.free)])
    }
  }

  /** The first chunk offset from `offset` on whose chunk a data range meets (the file size if none). */
  private nextChunkWithData(offset: number, chunkBytes: number): number {
    const next = this.dataRanges![this.skipRangesBefore(offset)]
    if (!next) return Math.max(offset, this.size)
    return Math.max(offset, Math.floor(next.offset / chunkBytes) * chunkBytes)
  }

  /** Moves the range cursor past the ranges that end at or before `offset` (offsets only grow); returns it. */
  private skipRangesBefore(offset: number): number {
    const ranges = this.dataRanges!
    while (this.rangeCursor < ranges.length && ranges[this.rangeCursor]!.offset + ranges[this.rangeCursor]!.length <= offset) this.rangeCursor++
    return this.rangeCursor
  }

  /** The parts of the data ranges inside [offset, offset + length) and the file; offsets must come in increasing order. */
  private rangesWithin(offset: number, length: number): ByteRange[] {
    const ranges = this.dataRanges!
    const end = Math.min(offset + length, this.size)
    const parts: ByteRange[] = []
    for (let i = this.skipRangesBefore(offset); i < ranges.length && ranges[i]!.offset < end; i++) {
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

/** Calls a dataRanges function and checks what it gives. */
async function rangesFrom(provide: () => Promise<readonly ByteRange[]>): Promise<readonly ByteRange[]> {
  const ranges: unknown = await provide()
  assertByteRanges(ranges)
  return ranges
}

/** A slot whose buffer may be filled now. */
function freeSlot(buffer: Buffer): Slot {
  return { buffer, free: Promise.resolve(), release: () => undefined, held: [] }
}

/** Marks `slot` as holding a chunk: `free` settles when the consumer releases it with what it retained. */
function occupy(slot: Slot): void {
  slot.held = []
  let release!: (held: Promise<unknown>) => void
  slot.free = new Promise<unknown>((resolve) => {
    release = resolve
  })
  // Marked handled: a rejection (a retained write failed) is thrown where `free` is awaited.
  slot.free.catch(() => undefined)
  // Releasing twice is harmless: a settled promise ignores the second resolve.
  slot.release = release
}
