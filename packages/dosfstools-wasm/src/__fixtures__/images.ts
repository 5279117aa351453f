import { closeSync, mkdtempSync, openSync, readSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const MiB = 1024 * 1024
export const SECTOR = 512

/** A fresh temporary directory, removed by the returned cleanup function. */
export function scratchDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `dosfstools-wasm-${prefix}-`))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** A sparse, all-zero image file of `bytes` bytes. */
export function sparseImage(path: string, bytes: number): string {
  writeFileSync(path, '')
  truncateSync(path, bytes)
  return path
}

/** `length` bytes of `path` from byte `offset` (64-bit offsets: a JS number is exact to 2^53). */
export function readRange(path: string, offset: number, length: number): Buffer {
  const fd = openSync(path, 'r')
  try {
    const buffer = Buffer.alloc(length)
    let done = 0
    while (done < length) {
      const n = readSync(fd, buffer, done, length - done, offset + done)
      if (n === 0) break
      done += n
    }
    return buffer.subarray(0, done)
  } finally {
    closeSync(fd)
  }
}

/**
 * The FAT type mkfs.fat wrote, read from the boot sector's file system type string
 * ("FAT12   "/"FAT16   " at 0x36, "FAT32   " at 0x52).
 */
export function fatTypeAt(path: string, offset: number): 12 | 16 | 32 {
  const boot = readRange(path, offset, SECTOR)
  if (boot.toString('latin1', 0x52, 0x5a) === 'FAT32   ') return 32
  const type = boot.toString('latin1', 0x36, 0x3e)
  if (type === 'FAT12   ') return 12
  if (type === 'FAT16   ') return 16
  throw new Error(`no FAT boot sector at byte ${offset} of ${path} (type field ${JSON.stringify(type)})`)
}
