/**
 * Plain descriptions of partition tables: what the writers take and (extended
 * with read-only details) what the readers return. Sectors are 512 bytes and
 * are plain numbers (exact up to 2^53 sectors, far beyond any disk).
 */

/** Size in bytes of every sector this package reads or writes. */
export const SECTOR_SIZE = 512

/** One GPT partition entry, as the writer lays it down. */
export interface GptPartitionSpec {
  /** First sector of the partition (inclusive). */
  firstLba: number
  /** Last sector of the partition (inclusive), as parted and sgdisk print it. */
  lastLba: number
  /** Partition type GUID, e.g. GPT_TYPE.linuxFilesystem. */
  typeGuid: string
  /** Unique partition GUID (PARTUUID). */
  uniqueGuid: string
  /** Partition name, at most 36 UTF-16 code units. */
  name: string
  /** Attribute bits (bit 2 = legacy BIOS bootable, ...). parted's boot/bios_grub/bls_boot flags set none. */
  attributes: bigint
}

/** A GUID partition table: protective MBR, primary header + 128 entries, backup entries + header. */
export interface GptTableSpec {
  type: 'gpt'
  /** Size of the disk in sectors (T); the backup header goes to T-1. */
  totalSectors: number
  /** Disk GUID stored in both headers. */
  diskGuid: string
  /** Partition entries, in entry-array order (entry 1 first). At most 128. */
  partitions: GptPartitionSpec[]
}

/** One primary MBR partition. */
export interface MbrPartitionSpec {
  firstLba: number
  /** Last sector (inclusive). */
  lastLba: number
  /** Partition type byte: 0x83 Linux, 0x0C FAT32 (LBA), 0xEE GPT protective, ... */
  type: number
  /** Status 0x80 ("boot" flag in parted). */
  bootable: boolean
}

/** An msdos (MBR) table with up to four primary partitions. */
export interface MbrTableSpec {
  type: 'msdos'
  totalSectors: number
  /** 32-bit disk signature at 0x1B8 (Linux shows it as PARTUUID=SSSSSSSS-NN). */
  diskSignature: number
  /** Primary partitions in slot order (slot 1 first). */
  partitions: MbrPartitionSpec[]
}

/** Any table the writer can lay down. */
export type TableSpec = GptTableSpec | MbrTableSpec

/** A GPT partition as read back: its entry number (1-based) added. */
export interface GptPartition extends GptPartitionSpec {
  number: number
}

/** A GPT as read from an image; structurally a GptTableSpec, so it can be written back. */
export interface GptTable extends GptTableSpec {
  partitions: GptPartition[]
  firstUsableLba: number
  lastUsableLba: number
  /** Number of entry slots in the array (128 for parted, sgdisk and us). */
  entryCount: number
}

/** An MBR partition as read back: its slot number (1..4) added. */
export interface MbrPartition extends MbrPartitionSpec {
  number: number
}

/** An msdos table as read from an image (primary partitions only; extended ones are listed, not followed). */
export interface MbrTable extends MbrTableSpec {
  partitions: MbrPartition[]
}

/** What readTable returns. */
export type PartitionTable = GptTable | MbrTable
