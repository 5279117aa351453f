import { posix } from 'node:path'
import { mke2fs, tune2fs } from '@diskimage/ext2fs-wasm'
import type { VfsManifest } from '@diskimage/wasm-runtime'
import type { Ext4Request } from './ext4Request.js'
import { mke2fsArgs, tune2fsArgs, TREE_MOUNT_POINT } from './mke2fsArgs.js'
import { FileSystemFullError } from '../errors/FileSystemFullError.js'
import { noSpaceDetail, permissionDenied, xattrTooLarge } from '../errors/toolFailure.js'
import { XattrTooLargeError } from '../errors/XattrTooLargeError.js'
import { TreeNotReadableError } from '../errors/TreeNotReadableError.js'

/**
 * Writes an ext4 file system into `req.image` at `req.offset`, populated from the
 * tree in the same pass (`mke2fs -d`), with the WASM e2fsprogs — no root, no loop
 * device, no LKL. The tree is read in place through a virtual union of the
 * contents overlay and the root tree, which is also where ownership and times
 * are decided (see Ext4Tree).
 */
export async function writeExt4(req: Ext4Request): Promise<void> {
  const env: Record<string, string> = {}
  if (req.time !== undefined) {
    // E2FSPROGS_FAKE_TIME, not SOURCE_DATE_EPOCH: in 1.47.2 the latter also clamps
    // every copied mtime to it, which the tree's own mtimeClamp decides instead
    // (clamping only when the user set SOURCE_DATE_EPOCH). 0 means "the real clock"
    // to e2fsprogs (`fs->now ? fs->now : time(0)`), so the earliest fixed time is 1.
    if (!Number.isInteger(req.time) || req.time < 1) throw new RangeError(`writeExt4: time must be a whole number of seconds ≥ 1, not ${req.time}`)
    env.E2FSPROGS_FAKE_TIME = String(req.time)
  }
  const vfs: VfsManifest | undefined = req.tree
    ? {
        mountPoint: TREE_MOUNT_POINT,
        layers: req.tree.layers,
        ...(req.tree.binds?.length ? { binds: req.tree.binds } : {}),
        ...(req.tree.owner ? { owner: req.tree.owner } : {}),
        ...(req.tree.rules?.length ? { rules: req.tree.rules } : {}),
        ...(req.tree.xattrs ? { xattrsByPath: req.tree.xattrs } : {}),
        ...(req.tree.mtimeClamp !== undefined ? { mtimeClamp: req.tree.mtimeClamp } : {}),
        ...(req.tree.uniformTimes ? { uniformTimes: true } : {}),
      }
    : undefined
  try {
    await mke2fs(mke2fsArgs(req), { env, ...(vfs ? { vfs } : {}) })
  } catch (error) {
    const detail = noSpaceDetail(error)
    if (detail !== undefined) throw new FileSystemFullError('ext4', Math.floor(req.size / 4096) * 4096, detail, { cause: error })
    const tooLarge = xattrTooLarge(error)
    if (tooLarge !== undefined) {
      // mke2fs names the file relative to its directory: find it among the paths given that attribute.
      const path = Object.entries(req.tree?.xattrs ?? {}).find(([p, attrs]) => posix.basename(p) === tooLarge.file && tooLarge.name in attrs)?.[0]
      throw new XattrTooLargeError(path ?? tooLarge.file, tooLarge.name, tooLarge.detail, { cause: error })
    }
    const denied = permissionDenied(error)
    if (denied !== undefined) throw new TreeNotReadableError(denied.path, denied.detail, { cause: error })
    throw error
  }
  if (req.time !== undefined) await resetExt4CheckTimes(req.image, req.offset, req.time)
}

/**
 * The reference's deterministic closing step, `tune2fs -c 0 -i 0 -T 19700101`:
 * "last checked" = 0, as every image of the reference has it. Also what undoes a
 * bootloader VM's mount of the file system.
 */
export async function resetExt4CheckTimes(image: string, offset: number, time: number): Promise<void> {
  // tune2fs stamps the superblock's write time with "now": the fixed time, or two builds differ.
  await tune2fs(tune2fsArgs(image, offset), { env: { E2FSPROGS_FAKE_TIME: String(time) } })
}
