import { DiskImageError } from './DiskImageError.js'

/** The root tree could not be walked for the auto size (missing, unreadable directory, vanished file). */
export class TreeScanError extends DiskImageError<'E_TREE_SCAN', { path: string; reason: string }> {
  constructor(path: string, reason: string, options?: { cause?: unknown }) {
    super('E_TREE_SCAN', `cannot scan ${JSON.stringify(path)} for the automatic disk size: ${reason}; make the tree readable or set diskSize to a number of MiB`, { path, reason }, options)
  }
}
