import type { Ext4Request } from './ext4Request.js'

/** The virtual path under which the WASM mke2fs sees the tree (see @diskimage/wasm-runtime's vfs). */
export const TREE_MOUNT_POINT = '/__diskimage__/root'

/**
 * The mke2fs command line for a request — the reference's
 * `mkfs.ext4 -b 4096 -F -L label -E offset=BYTES img SIZEK` plus what makes the
 * result reproducible (`-U`, `-E hash_seed=`) and `-d` to copy the tree in the same
 * pass (the reference needs LKL's cptofs for that).
 */
export function mke2fsArgs(req: Ext4Request): string[] {
  const sizeK = Math.floor(req.size / 4096) * 4
  const extended = [`offset=${req.offset}`]
  if (req.hashSeed) extended.push(`hash_seed=${req.hashSeed}`)
  return [
    '-t', 'ext4',
    '-b', '4096',
    '-F',
    '-L', req.label,
    ...(req.uuid ? ['-U', req.uuid] : []),
    '-E', extended.join(','),
    ...(req.tree ? ['-d', TREE_MOUNT_POINT] : []),
    req.image,
    `${sizeK}K`,
  ]
}

/**
 * The reference's closing tune2fs step: no mount-count or interval checks
 * (`-c 0 -i 0`, already our mke2fs.conf's defaults) and, in deterministic mode,
 * "last checked" at the epoch (`-T 19700101`, read in TZ=UTC). Run again after a
 * bootloader VM has mounted the file system.
 */
export function tune2fsArgs(image: string, offset: number): string[] {
  return ['-c', '0', '-i', '0', '-T', '19700101', `${image}?offset=${offset}`]
}
