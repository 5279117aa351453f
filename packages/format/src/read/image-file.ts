import { promises as fsp } from 'node:fs'
import { CorruptImageError, UnsupportedImageError } from '../errors.js'
import { openRegularFile } from '../io/open-regular-file.js'

/** The most metadata (a table, a header) a reader reads at once: a size field asking for more is corrupt. */
export const MAX_METADATA_BYTES = 256 << 20

/**
 * An image file opened for reading, with reads that check their range against the file, so that a
 * size or offset field out of range becomes a CorruptImageError instead of a huge allocation or a
 * silent short read.
 */
export class ImageFile {
  /** The format name used in errors; set once the format is known. */
  format = 'image'

  private constructor(
    readonly path: string,
    readonly size: number,
    private readonly handle: fsp.FileHandle,
  ) {}

  /** Opens `path` read-only. */
  static async open(path: string): Promise<ImageFile> {
    const { handle, size } = await openRegularFile(path)
    return new ImageFile(path, size, handle)
  }

  /** Reads exactly `length` bytes at `offset`, which must lie inside the file; `what` names them in errors. */
  async readExact(offset: number, length: number, what: string): Promise<Buffer> {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || length > MAX_METADATA_BYTES) {
      throw this.corrupt(`${what} has an impossible offset ${offset} or length ${length}`)
    }
    if (offset + length > this.size) throw this.corrupt(`${what} (${length} bytes at ${offset}) lies beyond the end of the file (${this.size} bytes)`)
    return this.readUpTo(offset, length)
  }

  /** Reads `length` bytes at `offset`; bytes past the end of the file read as zeros (as qemu reads them). */
  async readUpTo(offset: number, length: number): Promise<Buffer> {
    const buffer = Buffer.alloc(length)
    let filled = 0
    while (filled < length && offset + filled < this.size) {
      const { bytesRead } = await this.handle.read(buffer, filled, length - filled, offset + filled)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    return buffer
  }

  /** A CorruptImageError about this file. */
  corrupt(detail: string): CorruptImageError {
    return new CorruptImageError(this.path, this.format, detail)
  }

  /** An UnsupportedImageError about this file. */
  unsupported(feature: string): UnsupportedImageError {
    return new UnsupportedImageError(this.path, this.format, feature)
  }

  /** Closes the file. */
  async close(): Promise<void> {
    await this.handle.close()
  }
}
