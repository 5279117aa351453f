import { promises as fsp } from 'node:fs'
import { SourceImageError } from '../errors.js'

/** Opens `path` read-only; it must be a regular file. Failures become SourceImageError. */
export async function openRegularFile(path: string): Promise<{ handle: fsp.FileHandle; size: number; ino: bigint }> {
  let handle: fsp.FileHandle
  try {
    handle = await fsp.open(path, 'r')
  } catch (error) {
    throw new SourceImageError(path, (error as Error).message)
  }
  // bigint: a 64-bit inode number (btrfs, xfs) does not fit a double.
  const stat = await handle.stat({ bigint: true })
  if (!stat.isFile()) {
    await handle.close()
    throw new SourceImageError(path, 'it is not a regular file')
  }
  return { handle, size: Number(stat.size), ino: stat.ino }
}
