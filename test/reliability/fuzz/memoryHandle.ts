import type { FileHandle } from 'node:fs/promises'

/**
 * A read-only FileHandle over bytes in memory: readTable accepts a handle, and the
 * partition readers then fuzz at memory speed instead of one file per input. Only
 * what the readers call (stat, read) exists; reads past the end return 0 bytes, as
 * a file's do.
 */
export function memoryHandle(bytes: Uint8Array): FileHandle {
  const handle = {
    fd: -1,
    stat: async () => ({ size: bytes.length }),
    read: async (buffer: Uint8Array, offset: number, length: number, position: number) => {
      const n = Math.max(0, Math.min(length, bytes.length - position))
      if (n > 0) buffer.set(bytes.subarray(position, position + n), offset)
      return { bytesRead: n, buffer }
    },
  }
  return handle as unknown as FileHandle
}
