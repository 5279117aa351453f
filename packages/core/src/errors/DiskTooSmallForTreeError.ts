import { DiskImageError } from './DiskImageError.js'

/**
 * An explicit diskSize leaves a root file system too small for the tree: mke2fs ran
 * out of blocks or inodes while copying it in. The needed size is the one
 * diskSize "auto" computes, so setting it (or "auto") is the fix.
 */
export class DiskTooSmallForTreeError extends DiskImageError<
  'E_DISK_TOO_SMALL_FOR_TREE',
  { diskSizeMiB: number; neededMiB: number; detail: string }
> {
  constructor(diskSizeMiB: number, neededMiB: number, detail: string, options?: { cause?: unknown }) {
    super(
      'E_DISK_TOO_SMALL_FOR_TREE',
      `diskSize ${diskSizeMiB} MiB is too small for the root tree: the root file system filled up while the tree was copied in (mke2fs: ${detail}). ` +
        `Set diskSize to at least ${neededMiB} MiB (what "auto" picks for this tree), or to "auto".`,
      { diskSizeMiB, neededMiB, detail },
      options,
    )
  }
}
