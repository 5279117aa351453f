import type { FileHandle } from 'node:fs/promises'
import { ShortWriteError } from '../errors/ShortWriteError.js'

/**
 * Writes all of `bytes` at `offset`, retrying after partial writes; throws
 * ShortWriteError when the system stops accepting bytes.
 */
export async function writeFully(handle: FileHandle, name: string, offset: number, bytes: Uint8Array): Promise<void> {
  let done = 0
  while (done < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, offset + done)
    if (bytesWritten <= 0) throw new ShortWriteError(name, offset, bytes.length, done)
    done += bytesWritten
  }
}
