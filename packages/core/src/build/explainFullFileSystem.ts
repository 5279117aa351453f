import { FileSystemFullError, type VfsBind } from '@diskimage/fs'
import { scanTree } from '../autosize/scanTree.js'
import { DiskTooSmallForTreeError } from '../errors/DiskTooSmallForTreeError.js'
import { EspContentsTooLargeError } from '../errors/EspContentsTooLargeError.js'
import { MEBIBYTE } from '../sizes/units.js'
import type { BuildPlan } from './buildPlan.js'
import { diskSizeFor } from './diskSizeFor.js'

const MIB = Number(MEBIBYTE)

/**
 * Turns a FileSystemFullError from the fs package into the error that names the
 * OPTION to change: diskSize for the root file system (with the size "auto" would
 * pick), bootSize for the ESP. The scans run only after a
 * failure, so a build that fits pays nothing. Other errors come back unchanged.
 */
export async function explainFullFileSystem(error: unknown, plan: BuildPlan, layers: readonly string[], binds: readonly VfsBind[] = []): Promise<unknown> {
  if (!(error instanceof FileSystemFullError)) return error
  const { fileSystem, sizeBytes, detail } = error.data
  if (fileSystem === 'ext4' && plan.diskSize !== 'auto') {
    // What "auto" picks for this tree: the reference's estimate alone (no
    // additionalSpace) does not cover the journal of a small file system.
    const needed = await diskSizeFor({ ...plan, diskSize: 'auto' }, layers, binds)
    return new DiskTooSmallForTreeError(plan.diskSize / MIB, Math.ceil(needed / MIB), detail, { cause: error })
  }
  if (fileSystem === 'fat' && plan.espContents !== undefined) {
    const contents = await scanTree(plan.espContents)
    // FAT needs its tables and a cluster per small file: 10 % and 2 MiB of slack, rounded up to whole MiB.
    const espNeeded = contents.blocks * 4096 * 1.1 + 2 * MIB
    const suggested = Math.ceil((plan.bootSize - sizeBytes + espNeeded) / MIB)
    return new EspContentsTooLargeError(plan.espContents, sizeBytes, contents.bytes, suggested, detail, { cause: error })
  }
  return error
}
