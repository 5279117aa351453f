import { DiskImageError } from './DiskImageError.js'

/** A path option (root, a contents source, configFile, the OVMF files…) names nothing on disk. */
export class PathNotFoundError extends DiskImageError<'E_PATH_NOT_FOUND', { option: string; path: string }> {
  constructor(option: string, path: string) {
    super('E_PATH_NOT_FOUND', `${option}: ${JSON.stringify(path)} does not exist; create it or point ${option} at an existing path`, {
      option,
      path,
    })
  }
}
