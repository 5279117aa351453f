import { ReadRangeError } from '../errors.js'
import type { ImageFile } from './image-file.js'

/** The formats {@link openImage} recognises (qcow2-compressed is a qcow2). */
export type ReadableFormat = 'raw' | 'qcow2' | 'vdi' | 'vpc' | 'vmdk'

/** A disk image opened for reading its virtual disk. */
export interface DiskImage {
  readonly format: ReadableFormat
  readonly path: string
  /** Size of the virtual disk in bytes. */
  readonly virtualSize: number
  /** Reads `length` bytes of the virtual disk at `offset` (unallocated parts read as zeros). */
  read(offset: number, length: number): Promise<Buffer>
  /** Closes the file. */
  close(): Promise<void>
}

/** The largest single read: callers read big disks piece by piece. */
const MAX_READ_BYTES = 1 << 30

/**
 * A disk image whose virtual disk is cut into equal blocks (qcow2 clusters, VDI/VHD blocks, VMDK
 * grains), each either stored somewhere in the file or absent (zeros). Subclasses say where a block is;
 * this class turns byte ranges into block reads.
 */
export abstract class BlockImage implements DiskImage {
  abstract readonly format: ReadableFormat

  constructor(
    protected readonly file: ImageFile,
    readonly virtualSize: number,
    protected readonly blockSize: number,
  ) {}

  get path(): string {
    return this.file.path
  }

  /** The bytes of block `index` (exactly blockSize of them), or undefined when the block reads as zeros. */
  protected abstract readBlock(index: number): Promise<Buffer | undefined>

  async read(offset: number, length: number): Promise<Buffer> {
    checkRange(offset, length, this.virtualSize)
    const out = Buffer.alloc(length)
    let done = 0
    while (done < length) {
      const position = offset + done
      const index = Math.floor(position / this.blockSize)
      const within = position - index * this.blockSize
      const take = Math.min(this.blockSize - within, length - done)
      const block = await this.readBlock(index)
      if (block) block.copy(out, done, within, within + take)
      done += take
    }
    return out
  }

  async close(): Promise<void> {
    await this.file.close()
  }
}

/** Throws ReadRangeError unless [offset, offset + length) lies inside a disk of `virtualSize` bytes. */
export function checkRange(offset: number, length: number, virtualSize: number): void {
  const valid =
    Number.isSafeInteger(offset) && Number.isSafeInteger(length) && offset >= 0 && length >= 0 && length <= MAX_READ_BYTES && offset + length <= virtualSize
  if (!valid) throw new ReadRangeError(offset, length, virtualSize)
}

/** A small most-recently-used cache of decoded tables, bounded in bytes. */
export class TableCache<T extends { length: number }> {
  private readonly entries = new Map<number, T>()
  private bytes = 0

  constructor(private readonly maxBytes: number) {}

  async get(key: number, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key)
    if (hit) {
      this.entries.delete(key)
      this.entries.set(key, hit)
      return hit
    }
    const value = await load()
    this.entries.set(key, value)
    this.bytes += value.length
    for (const [oldKey, old] of this.entries) {
      if (this.bytes <= this.maxBytes || this.entries.size === 1) break
      this.entries.delete(oldKey)
      this.bytes -= old.length
    }
    return value
  }
}
