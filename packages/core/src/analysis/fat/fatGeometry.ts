/** Where a FAT file system keeps what, from its boot sector (Microsoft's FAT specification, section 3). */
export interface FatGeometry {
  fatType: 12 | 16 | 32
  bytesPerSector: number
  clusterBytes: number
  reservedSectors: number
  fatCount: number
  fatSectors: number
  /** Byte offset and size of the fixed root directory (FAT12/16; size 0 on FAT32). */
  rootDirOffset: number
  rootDirBytes: number
  /** Byte offset of cluster 2. */
  dataOffset: number
  clusterCount: number
  /** FAT32: first cluster of the root directory, the FSInfo and backup boot sectors. */
  rootCluster: number
  fsInfoSector: number
  backupBootSector: number
}

/** Reads the geometry from a boot sector. */
export function fatGeometry(boot: Buffer): FatGeometry {
  const bytesPerSector = boot.readUInt16LE(0x0b)
  const sectorsPerCluster = boot[0x0d]!
  const reservedSectors = boot.readUInt16LE(0x0e)
  const fatCount = boot[0x10]!
  const rootEntries = boot.readUInt16LE(0x11)
  const totalSectors = boot.readUInt16LE(0x13) || boot.readUInt32LE(0x20)
  const fatSectors = boot.readUInt16LE(0x16) || boot.readUInt32LE(0x24)
  const rootDirSectors = Math.ceil((rootEntries * 32) / bytesPerSector)
  const dataSector = reservedSectors + fatCount * fatSectors + rootDirSectors
  const clusterCount = Math.floor((totalSectors - dataSector) / sectorsPerCluster)
  // The specification's rule: the cluster count alone decides the FAT type.
  const fatType = clusterCount < 4085 ? 12 : clusterCount < 65525 ? 16 : 32
  return {
    fatType,
    bytesPerSector,
    clusterBytes: sectorsPerCluster * bytesPerSector,
    reservedSectors,
    fatCount,
    fatSectors,
    rootDirOffset: (reservedSectors + fatCount * fatSectors) * bytesPerSector,
    rootDirBytes: rootDirSectors * bytesPerSector,
    dataOffset: dataSector * bytesPerSector,
    clusterCount,
    rootCluster: fatType === 32 ? boot.readUInt32LE(0x2c) : 0,
    fsInfoSector: fatType === 32 ? boot.readUInt16LE(0x30) : 0,
    backupBootSector: fatType === 32 ? boot.readUInt16LE(0x32) : 0,
  }
}
