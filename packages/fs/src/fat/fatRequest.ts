/** Where and how to write a FAT file system (the ESP or a BOOT partition). */
export interface FatRequest {
  image: string
  /** Byte offset of the partition; a multiple of 512. */
  offset: number
  /** Size in bytes; a multiple of 1024 is used. */
  size: number
  /** Volume label, e.g. "ESP" or "BOOT" (at most 11 characters). */
  label: string
  /** 32-bit volume serial; random (time-based, as mkfs.fat does) when omitted. */
  volumeId?: number
  /**
   * Seconds since the epoch used for every timestamp the tools write (mkfs.fat's boot
   * sector and label entry, mtools' file times); real time when omitted. FAT cannot
   * hold times before 1980, so earlier values become 1980-01-01.
   */
  time?: number
  /** A host directory whose contents are copied into the root of the file system. */
  contents?: string
}
