import { DiskImageError } from './DiskImageError.js'

/** A path option names a symlink that never reaches a file (a -> b -> a): stat fails with ELOOP. */
export class SymlinkLoopError extends DiskImageError<'E_SYMLINK_LOOP', { option: string; path: string }> {
  constructor(option: string, path: string) {
    super(
      'E_SYMLINK_LOOP',
      `${option}: ${JSON.stringify(path)} is a symlink loop (following it never reaches a file); point ${option} at a real file or directory`,
      { option, path },
    )
  }
}
