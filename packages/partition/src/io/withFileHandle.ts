import { open, type FileHandle } from 'node:fs/promises'

/** A path to open, or a FileHandle the caller already opened (and keeps ownership of). */
export type ImageTarget = string | FileHandle

/** Runs `use` with a handle for `target`, closing it afterwards only if we opened it. */
export async function withFileHandle<T>(target: ImageTarget, flags: string, use: (handle: FileHandle, name: string) => Promise<T>): Promise<T> {
  if (typeof target !== 'string') return use(target, `file descriptor ${target.fd}`)
  const handle = await open(target, flags)
  try {
    return await use(handle, target)
  } finally {
    await handle.close()
  }
}
