import type { FileHandle } from 'node:fs/promises'
import { TruncatedImageError } from '../errors/TruncatedImageError.js'

/** Reads exactly `length` bytes at `offset`, or throws TruncatedImageError naming `structure`. */
export async function readExactly(handle: FileHandle, name: string, fileBytes: number, structure: string, offset: number, length: number): Promise<Uint8Array> {
  if (offset + length > fileBytes) throw new TruncatedImageError(name, structure, offset + length, fileBytes)
  const bytes = new Uint8Array(length)
  let done = 0
  while (done < length) {
    const { bytesRead } = await handle.read(bytes, done, length - done, offset + done)
    if (bytesRead <= 0) throw new TruncatedImageError(name, structure, offset + length, offset + done)
    done += bytesRead
  }
  return bytes
}
