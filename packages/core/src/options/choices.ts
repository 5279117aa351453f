import { LAYOUT_TABLE_TYPES, type LayoutTableType } from '../layout/types.js'

/** The reference's seven partition layouts (make-disk-image.nix, "Image Partitioning"); the layout module's list. */
export const PARTITION_TABLE_TYPES = LAYOUT_TABLE_TYPES
export type PartitionTableType = LayoutTableType

/**
 * Output formats: the reference's five plus "vmdk", which we add. "vpc" is the
 * VHD format (file extension .vhd), as in qemu-img.
 */
export const IMAGE_FORMATS = ['raw', 'qcow2', 'qcow2-compressed', 'vdi', 'vpc', 'vmdk'] as const
export type ImageFormat = (typeof IMAGE_FORMATS)[number]

/** Compressors of qcow2-compressed clusters and vmdk grains (ours; @diskimage/format's `compress`). */
export const COMPRESSIONS = ['deflate', 'zlib', 'zstd'] as const
export type Compression = (typeof COMPRESSIONS)[number]

/** The formats each compressor applies to: a VMDK grain is always deflate. */
export const COMPRESSION_FORMATS: Record<Compression, readonly ImageFormat[]> = {
  deflate: ['qcow2-compressed', 'vmdk'],
  zlib: ['qcow2-compressed', 'vmdk'],
  zstd: ['qcow2-compressed'],
}

/**
 * Root filesystem types we build. The reference runs `mkfs.${fsType}` and allows
 * a type other than ext4 only with partitionTableType "none"; @diskimage/fs
 * builds ext4 (mke2fs -t ext4), so that is the one type accepted here — asking
 * for ext2 or xfs must fail rather than quietly produce ext4.
 */
export const FS_TYPES = ['ext4'] as const
export type FsType = (typeof FS_TYPES)[number]

/** Layouts the reference allows `touchEFIVars` with (its assert). */
export const EFI_VARS_LAYOUTS = ['hybrid', 'efi', 'efixbootldr', 'legacy+gpt'] as const satisfies readonly PartitionTableType[]

/** Layouts that have an EFI System Partition, the only ones `espContents` applies to. */
export const ESP_LAYOUTS = ['efi', 'efixbootldr', 'hybrid'] as const satisfies readonly PartitionTableType[]

/** Layouts with an msdos (MBR) table; the rest but "none" use GPT. */
export const MSDOS_LAYOUTS = ['legacy', 'legacy+boot'] as const satisfies readonly PartitionTableType[]
