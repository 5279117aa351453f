import type { FileHandle } from 'node:fs/promises'

/**
 * A disk as bytes, for readTable: besides an image file, the virtual disk inside a qcow2, vdi, vhd or
 * vmdk, read through @diskimage/format's openImage (this package reads no container format itself).
 */
export interface ByteSource {
  /** Names the disk in error messages. */
  readonly name: string
  /** The disk's size in bytes. */
  readonly size: number
  /** `length` bytes from `offset`, all of them (offset + length ≤ size). */
  read(offset: number, length: number): Promise<Uint8Array>
}

/** Whether `target` is a ByteSource (a FileHandle has an `fd`, a path is a string). */
export function isByteSource(target: unknown): target is ByteSource {
  return typeof target === 'object' && target !== null && !('fd' in target) && typeof (target as ByteSource).read === 'function'
}

/** An open image file as a ByteSource of `size` bytes. */
export function fileByteSource(handle: FileHandle, name: string, size: number): ByteSource {
  return {
    name,
    size,
    async read(offset, length) {
      const bytes = new Uint8Array(length)
      let done = 0
      while (done < length) {
        const { bytesRead } = await handle.read(bytes, done, length - done, offset + done)
        if (bytesRead <= 0) break
        done += bytesRead
      }
      return done === length ? bytes : bytes.subarray(0, done)
    },
  }
}
