import { InvalidStorePathError } from '../errors/InvalidStorePathError.js'

/** Where Nix keeps its store; NixOS images have it at the same place. */
export const STORE_DIR = '/nix/store'

/** The 32 characters of Nix's base-32 (no e, o, t, u). */
export const NIX_BASE32_CHARS = '0123456789abcdfghijklmnpqrsvwxyz'

const HASH = new RegExp(`^[${NIX_BASE32_CHARS}]{32}$`)
// Nix's own rule (libstore/path.cc checkName): letters, digits and +-._?= ; no leading dot; at most 211 bytes.
const NAME = /^[A-Za-z0-9+\-_?=][A-Za-z0-9+\-._?=]*$/
const MAX_NAME = 211

/** Why `path` is not a store path, or null when it is one. */
export function storePathProblem(path: string): string | null {
  if (!path.startsWith(STORE_DIR + '/')) return `it does not start with ${STORE_DIR}/`
  const base = path.slice(STORE_DIR.length + 1)
  if (base.includes('/')) return 'it names something inside a store path, not the store path itself'
  const hash = base.slice(0, 32)
  if (!HASH.test(hash)) return 'the hash part is not 32 characters of Nix base-32'
  if (base[32] !== '-') return 'a "-" must follow the 32-character hash'
  const name = base.slice(33)
  if (name.length === 0 || name.length > MAX_NAME) return `the name must have 1 to ${MAX_NAME} characters`
  if (!NAME.test(name)) return 'the name may hold only letters, digits and + - . _ ? = and must not start with "."'
  return null
}

/**
 * Checks that `path` is a store path (`/nix/store/<hash>-<name>`) and returns it.
 * @param where the option or file that gave it, for the error message.
 * @throws InvalidStorePathError
 */
export function assertStorePath(path: string, where: string): string {
  const problem = storePathProblem(path)
  if (problem !== null) throw new InvalidStorePathError(where, path, problem)
  return path
}

/** `/nix/store/abc…-name` → `abc…-name`. */
export function storeBaseName(path: string): string {
  return path.slice(STORE_DIR.length + 1)
}
