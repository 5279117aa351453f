import type { TempOutput } from './temp-output.js'

const FLUSH_BYTES = 8 << 20
/**
 * Pieces this big are written as they are, not copied into the gathering buffer: a run of 64 KiB
 * clusters read in one go is already one big write, and copying 160 MiB of them cost more than the
 * extra write calls.
 */
const DIRECT_BYTES = 1 << 20

/**
 * Appends bytes at a growing file position, gathering small pieces (compressed clusters, markers)
 * into big writes. The caller may reuse what it passed to `append` as soon as the call returns.
 */
export class AppendWriter {
  private readonly pending = Buffer.allocUnsafe(FLUSH_BYTES)
  private pendingBytes = 0
  private flushedTo: number

  constructor(
    private readonly output: TempOutput,
    startPosition: number,
  ) {
    this.flushedTo = startPosition
  }

  /** The file offset the next appended byte lands at. */
  get position(): number {
    return this.flushedTo + this.pendingBytes
  }

  /** Appends `data`. */
  async append(data: Uint8Array): Promise<void> {
    if (data.length >= DIRECT_BYTES) {
      await this.flush()
      await this.output.write(data, this.flushedTo)
      this.flushedTo += data.length
      return
    }
    if (this.pendingBytes + data.length > FLUSH_BYTES) await this.flush()
    this.pending.set(data, this.pendingBytes)
    this.pendingBytes += data.length
  }

  /**
   * Sets aside the next `length` bytes for the caller to write itself (with the data's own buffer, its
   * write left in flight) and returns their file offset.
   */
  async reserve(length: number): Promise<number> {
    await this.flush()
    const offset = this.flushedTo
    this.flushedTo += length
    return offset
  }

  /** Overwrites bytes already appended (still gathered or already written) at `position`. */
  async writeAt(position: number, data: Uint8Array): Promise<void> {
    if (position + data.length > this.position) throw new RangeError(`writeAt ${position}+${data.length} past the end ${this.position}`)
    const flushedPart = Math.max(0, Math.min(data.length, this.flushedTo - position))
    if (flushedPart > 0) await this.output.write(data.subarray(0, flushedPart), position)
    // All of it may lie before the gathered bytes (a compressed cluster's tail filled after 8 MiB of
    // other clusters went out): then nothing is left to gather, and the offset below would be negative.
    if (flushedPart === data.length) return
    this.pending.set(data.subarray(flushedPart), position + flushedPart - this.flushedTo)
  }

  /** Appends zero bytes up to the next multiple of `alignment`. */
  async padTo(alignment: number): Promise<void> {
    const gap = (alignment - (this.position % alignment)) % alignment
    if (gap > 0) await this.append(Buffer.alloc(gap))
  }

  /** Writes out what is gathered. */
  async flush(): Promise<void> {
    if (this.pendingBytes === 0) return
    await this.output.write(this.pending.subarray(0, this.pendingBytes), this.flushedTo)
    this.flushedTo += this.pendingBytes
    this.pendingBytes = 0
  }
}
