import { readFile } from 'node:fs/promises'
import { isAbsolute, join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { UnsupportedModuleCompressionError } from '../errors/UnsupportedModuleCompressionError.js'

/**
 * Reads a module file (path as modules.dep lists it) and returns the uncompressed ELF object, because
 * busybox's insmod hands the bytes straight to init_module(2), which wants them uncompressed.
 */
export async function readModuleFile(modulesDir: string, path: string): Promise<Buffer> {
  const full = isAbsolute(path) ? path : join(modulesDir, path)
  if (/\.ko\.(xz|zst)$/.test(path)) throw new UnsupportedModuleCompressionError(full)
  const bytes = await readFile(full)
  return path.endsWith('.gz') ? gunzipSync(bytes) : bytes
}
