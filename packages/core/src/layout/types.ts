import type { GptPartitionSpec, MbrPartitionSpec, TableSpec } from '@diskimage/partition'

/** The reference's seven `partitionTableType` values. */
export const LAYOUT_TABLE_TYPES = ['none', 'legacy', 'legacy+boot', 'legacy+gpt', 'efi', 'efixbootldr', 'hybrid'] as const

/** One of the reference's `partitionTableType` values. */
export type LayoutTableType = (typeof LAYOUT_TABLE_TYPES)[number]

/**
 * What a partition will hold: `root` the ext4 root filesystem, `esp` the FAT
 * EFI system partition (label ESP), `boot` a FAT /boot (legacy+boot) or
 * XBOOTLDR (efixbootldr) partition (label BOOT), `bios-grub` GRUB's raw core
 * image area, no filesystem.
 */
export type FilesystemRole = 'root' | 'esp' | 'boot' | 'bios-grub'

/** The options `layout` needs, already parsed. */
export interface LayoutRequest {
  partitionTableType: LayoutTableType
  /** bootSize in bytes, as `numfmt --from=iec` parses the option ("256M" → 268435456); core's parseIecSize gives a bigint. */
  bootSize: number | bigint
  /** Fixed GUIDs / disk signature (true) or random ones, as parted makes them (false). */
  deterministic: boolean
  /** Unique GUID of the root partition on GPT layouts (deterministic mode only, like the reference). */
  rootGPUID: string
}

/** Where non-deterministic identifiers come from; injected so tests can replay parted's. */
export interface LayoutRandomness {
  /** A fresh GUID, upper-case. Called for the disk GUID first, then for each partition in entry order. */
  guid(): string
  /** A fresh non-zero 32-bit msdos disk signature. */
  diskSignature(): number
}

/** A GPT partition of a layout: the table entry plus its number and role. */
export type LayoutGptPartition = GptPartitionSpec & { number: number; role: FilesystemRole }

/** An msdos partition of a layout: the table entry plus its number and role. */
export type LayoutMbrPartition = MbrPartitionSpec & { number: number; role: FilesystemRole }

/** A partition of a layout, in table-entry order. */
export type LayoutPartition = LayoutGptPartition | LayoutMbrPartition

/** The complete disk layout: the table to write and what goes where. */
export interface DiskLayout {
  partitionTableType: LayoutTableType
  /** Disk size in 512-byte sectors (T). */
  totalSectors: number
  /** The table @diskimage/partition writes, or null for `none` (the filesystem is the whole disk). */
  table: TableSpec | null
  /** The partitions in entry order (empty for `none`). */
  partitions: LayoutPartition[]
}
