import type { FatRequest } from './fatRequest.js'

/**
 * The mkfs.fat command line for a partition-sized file: the reference's plain
 * `mkfs.vfat -n LABEL` on /dev/vda1, so the FAT type is the one mkfs.vfat picks
 * for the partition's size (FAT12 for a few MiB, FAT16 for the default 256 MiB
 * ESP, FAT32 from 512 MiB). `-h` gives the hidden-sector count a partition
 * device reports (its start sector); `--invariant` fixes what mkfs.fat would
 * otherwise take from the clock, and `-i` the serial.
 */
export function mkfsFatArgs(req: FatRequest, file: string): string[] {
  return [
    '-n', req.label,
    '-h', String(req.offset / 512),
    ...(req.time !== undefined ? ['--invariant'] : []),
    ...(req.volumeId !== undefined ? ['-i', req.volumeId.toString(16).padStart(8, '0')] : []),
    file,
    String(Math.floor(req.size / 1024)),
  ]
}
