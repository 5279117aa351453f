import type { DiskImageError } from '../errors/DiskImageError.js'
import { PathNotFoundError } from '../errors/PathNotFoundError.js'
import { SymlinkLoopError } from '../errors/SymlinkLoopError.js'
import { WrongPathTypeError } from '../errors/WrongPathTypeError.js'
import { pathKind } from './pathKind.js'

/**
 * The problem with `path` given for `option`, or null: it must exist and, when
 * `expected` is given, be that kind of object.
 */
export function checkPathKind(option: string, path: string, expected?: 'file' | 'directory'): DiskImageError | null {
  const kind = pathKind(path)
  if (kind === 'missing') return new PathNotFoundError(option, path)
  if (kind === 'loop') return new SymlinkLoopError(option, path)
  if (expected !== undefined && kind !== expected) return new WrongPathTypeError(option, path, expected, kind === 'other' ? 'special file' : kind)
  return null
}
