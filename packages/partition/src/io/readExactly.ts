import { TruncatedImageError } from '../errors/TruncatedImageError.js'
import type { ByteSource } from './ByteSource.js'

/** Reads exactly `length` bytes at `offset`, or throws TruncatedImageError naming `structure`. */
export async function readExactly(source: ByteSource, structure: string, offset: number, length: number): Promise<Uint8Array> {
  if (offset + length > source.size) throw new TruncatedImageError(source.name, structure, offset + length, source.size)
  const bytes = await source.read(offset, length)
  if (bytes.length < length) throw new TruncatedImageError(source.name, structure, offset + length, offset + bytes.length)
  return bytes
}
