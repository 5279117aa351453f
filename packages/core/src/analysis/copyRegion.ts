import { open, rm } from 'node:fs/promises'
import type { DiskImage } from '@diskimage/format'

const CHUNK = 4 * 1024 * 1024

/**
 * Copies `length` bytes of the virtual disk at `offset` into a new file `path`
 * (which must not exist), as `dd skip= count=` would, keeping zero chunks as
 * holes so a mostly empty partition costs little disk. Removes the file on
 * failure.
 */
export async function copyRegion(image: DiskImage, offset: number, length: number, path: string): Promise<void> {
  const out = await open(path, 'wx')
  try {
    for (let done = 0; done < length; done += CHUNK) {
      const bytes = await image.read(offset + done, Math.min(CHUNK, length - done))
      if (!isZero(bytes)) await out.write(bytes, 0, bytes.length, done)
    }
    await out.truncate(length)
    await out.close()
  } catch (error) {
    await out.close().catch(() => {})
    await rm(path, { force: true })
    throw error
  }
}

function isZero(bytes: Buffer): boolean {
  for (let i = 0; i < Math.min(8, bytes.length); i++) if (bytes[i] !== 0) return false
  return bytes.length <= 8 || bytes.compare(bytes, 0, bytes.length - 8, 8, bytes.length) === 0
}
