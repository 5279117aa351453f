import { checkRange, type DiskImage } from './disk-image.js'
import type { ImageFile } from './image-file.js'

/** A raw image: the file is the virtual disk. */
export class RawImage implements DiskImage {
  readonly format = 'raw'

  constructor(private readonly file: ImageFile) {}

  get path(): string {
    return this.file.path
  }

  get virtualSize(): number {
    return this.file.size
  }

  async read(offset: number, length: number): Promise<Buffer> {
    checkRange(offset, length, this.virtualSize)
    return this.file.readUpTo(offset, length)
  }

  async close(): Promise<void> {
    await this.file.close()
  }
}
