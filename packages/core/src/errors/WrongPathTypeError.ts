import { DiskImageError } from './DiskImageError.js'

/** A path option exists but is the wrong kind of object (a file where a directory is needed, or the reverse). */
export class WrongPathTypeError extends DiskImageError<
  'E_WRONG_PATH_TYPE',
  { option: string; path: string; expected: 'file' | 'directory'; actual: string }
> {
  constructor(option: string, path: string, expected: 'file' | 'directory', actual: string) {
    super(
      'E_WRONG_PATH_TYPE',
      `${option}: ${JSON.stringify(path)} is a ${actual}, not a ${expected}; point ${option} at a ${expected}`,
      { option, path, expected, actual },
    )
  }
}
