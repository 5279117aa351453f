import type { FatRequest } from './fatRequest.js'

/**
 * The mkfs.fat command line: the reference's plain `mkfs.vfat -n LABEL` (so the FAT
 * type is the one mkfs.vfat picks for the size: FAT16 for the default 256 MiB ESP,
 * FAT32 from 512 MiB), written at an offset inside the image instead of on a VM's
 * /dev/vda1. `--invariant` fixes what mkfs.fat would otherwise take from the clock.
 */
export function mkfsFatArgs(req: FatRequest): string[] {
  return [
    '-n', req.label,
    ...(req.volumeId !== undefined ? ['-i', req.volumeId.toString(16).padStart(8, '0')] : []),
    ...(req.time !== undefined ? ['--invariant'] : []),
    '--offset', String(req.offset / 512),
    req.image,
    String(Math.floor(req.size / 1024)),
  ]
}
