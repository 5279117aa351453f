import { closeSync, openSync, readSync } from 'node:fs'

/**
 * Where what a fresh mkfs.fat writes ends, from the boot sector it wrote: the reserved sectors (boot
 * sector, FSInfo and backup on FAT32), the FATs, the FAT12/16 root directory, then one cluster for the
 * FAT32 root directory (cluster 2, the first of the data area). mkfs.fat writes nothing past it, so
 * copying the partition takes that much instead of the whole partition-sized file — reading a sparse
 * file's holes costs the kernel a zeroed page each (~1 s for a 256 MiB ESP). Undefined when the boot
 * sector does not make sense: then the whole file is copied.
 */
export function fatMetadataEnd(path: string): number | undefined {
  const fd = openSync(path, 'r')
  const bpb = Buffer.alloc(512)
  try {
    if (readSync(fd, bpb, 0, 512, 0) < 512) return undefined
  } finally {
    closeSync(fd)
  }
  const bytesPerSector = bpb.readUInt16LE(11)
  const sectorsPerCluster = bpb.readUInt8(13)
  const reserved = bpb.readUInt16LE(14)
  const fats = bpb.readUInt8(16)
  const rootEntries = bpb.readUInt16LE(17)
  const sectorsPerFat = bpb.readUInt16LE(22) || bpb.readUInt32LE(36)
  const powerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0
  if (bpb.readUInt16LE(510) !== 0xaa55 || !powerOfTwo(bytesPerSector) || bytesPerSector < 512 || !powerOfTwo(sectorsPerCluster)) return undefined
  if (reserved === 0 || fats === 0 || sectorsPerFat === 0) return undefined
  const rootDirSectors = Math.ceil((rootEntries * 32) / bytesPerSector)
  return (reserved + fats * sectorsPerFat + rootDirSectors + sectorsPerCluster) * bytesPerSector
}
