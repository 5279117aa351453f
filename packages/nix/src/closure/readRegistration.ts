import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { UnregisteredPathError } from '../errors/UnregisteredPathError.js'
import { assertStorePath } from '../store/storePath.js'
import { parseRegistration } from './parseRegistration.js'
import type { PathInfo } from './PathInfo.js'

/**
 * Where the closure's registration comes from: the directory pkgs.closureInfo makes
 * (`store-paths` and `registration`), or a registration file (pkgs.closureInfo's, or
 * `nix-store --dump-db` output) with, optionally, a list of store paths (a file with
 * one per line, or an array) that must all be registered.
 */
export type ClosureSource = { closureInfo: string } | { registration: string; storePaths?: string | readonly string[] }

/** The registered paths and the file they came from (for messages). */
export interface Registration {
  infos: Map<string, PathInfo>
  file: string
}

/**
 * Reads a closure's registration and checks it: every listed store path is
 * registered, every path and reference is a store path.
 * @throws RegistrationFormatError, InvalidStorePathError, UnregisteredPathError
 */
export function readRegistration(source: ClosureSource): Registration {
  const file = 'closureInfo' in source ? join(source.closureInfo, 'registration') : source.registration
  const infos = parseRegistration(readFileSync(file, 'utf8'), file)
  const listed = 'closureInfo' in source ? join(source.closureInfo, 'store-paths') : source.storePaths
  const paths = typeof listed === 'string' ? readFileSync(listed, 'utf8').split('\n').filter((l) => l !== '') : (listed ?? [])
  const where = typeof listed === 'string' ? listed : 'storePaths'
  for (const path of paths) {
    assertStorePath(path, where)
    if (!infos.has(path)) throw new UnregisteredPathError(where, path, file)
  }
  return { infos, file }
}
