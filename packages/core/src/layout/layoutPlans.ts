import { GPT_TYPE } from '@diskimage/partition'
import type { FilesystemRole, LayoutTableType } from './types.js'
import { MIB_SECTORS } from './sectors.js'

/** A partition as the reference's parted script creates it; `end: '100%'` is resolved against the disk size. */
export interface PlannedPartition {
  role: FilesystemRole
  /** GPT partition name (parted's first mkpart word); msdos has none. */
  name: string
  firstLba: number
  lastLba: number | '100%'
  /** GPT type GUID (set by parted from the flags / filesystem), or MBR type byte. */
  gptType?: string
  mbrType?: number
  bootable?: boolean
}

/** How one layout is built: the label parted makes and its mkpart commands, given the boot boundary B in sectors. */
export interface LayoutPlan {
  table: 'gpt' | 'msdos'
  /** Start of the partition that ends at B-1, if the layout has one: bootSize must reach past it. */
  bootPartitionStart: number | null
  partitions(bootBoundary: number): PlannedPartition[]
}

const MiB = (n: number) => n * MIB_SECTORS

/**
 * The reference's partitionDiskScript, one entry per layout, partitions in
 * creation order (= GPT entry order). Comments quote the parted commands.
 */
export const LAYOUT_PLANS: Record<Exclude<LayoutTableType, 'none'>, LayoutPlan> = {
  // mkpart primary ext4 1MiB 100%
  legacy: {
    table: 'msdos',
    bootPartitionStart: null,
    partitions: () => [{ role: 'root', name: '', firstLba: MiB(1), lastLba: '100%', mbrType: 0x83 }],
  },
  // mkpart primary fat32 1MiB $bootSizeMiB; set 1 boot on; mkpart primary ext4 $bootSizeMiB 100%
  'legacy+boot': {
    table: 'msdos',
    bootPartitionStart: MiB(1),
    partitions: (b) => [
      { role: 'boot', name: '', firstLba: MiB(1), lastLba: b - 1, mbrType: 0x0c, bootable: true },
      { role: 'root', name: '', firstLba: b, lastLba: '100%', mbrType: 0x83 },
    ],
  },
  // mkpart no-fs 1MiB 2MiB; set 1 bios_grub on; mkpart primary ext4 2MiB 100%
  'legacy+gpt': {
    table: 'gpt',
    bootPartitionStart: null,
    partitions: () => [
      { role: 'bios-grub', name: 'no-fs', firstLba: MiB(1), lastLba: MiB(2) - 1, gptType: GPT_TYPE.biosBoot },
      { role: 'root', name: 'primary', firstLba: MiB(2), lastLba: '100%', gptType: GPT_TYPE.linuxFilesystem },
    ],
  },
  // mkpart ESP fat32 8MiB $bootSizeMiB; set 1 boot on; mkpart primary ext4 $bootSizeMiB 100%
  efi: {
    table: 'gpt',
    bootPartitionStart: MiB(8),
    partitions: (b) => [
      { role: 'esp', name: 'ESP', firstLba: MiB(8), lastLba: b - 1, gptType: GPT_TYPE.efiSystem },
      { role: 'root', name: 'primary', firstLba: b, lastLba: '100%', gptType: GPT_TYPE.linuxFilesystem },
    ],
  },
  // mkpart ESP fat32 8MiB 100MiB; set 1 boot on; mkpart BOOT fat32 100MiB $bootSizeMiB; set 2 bls_boot on;
  // mkpart ROOT ext4 $bootSizeMiB 100%
  efixbootldr: {
    table: 'gpt',
    bootPartitionStart: MiB(100),
    partitions: (b) => [
      { role: 'esp', name: 'ESP', firstLba: MiB(8), lastLba: MiB(100) - 1, gptType: GPT_TYPE.efiSystem },
      { role: 'boot', name: 'BOOT', firstLba: MiB(100), lastLba: b - 1, gptType: GPT_TYPE.xbootldr },
      { role: 'root', name: 'ROOT', firstLba: b, lastLba: '100%', gptType: GPT_TYPE.linuxFilesystem },
    ],
  },
  // mkpart ESP fat32 8MiB $bootSizeMiB; set 1 boot on; mkpart no-fs 0 1024KiB; set 2 bios_grub on;
  // mkpart primary ext4 $bootSizeMiB 100%. parted moves "0" to the first usable sector 34 and ends
  // "1024KiB" at sector 2048 itself (not 2047): the partition is neither aligned nor a whole MiB.
  hybrid: {
    table: 'gpt',
    bootPartitionStart: MiB(8),
    partitions: (b) => [
      { role: 'esp', name: 'ESP', firstLba: MiB(8), lastLba: b - 1, gptType: GPT_TYPE.efiSystem },
      { role: 'bios-grub', name: 'no-fs', firstLba: 34, lastLba: 2048, gptType: GPT_TYPE.biosBoot },
      { role: 'root', name: 'primary', firstLba: b, lastLba: '100%', gptType: GPT_TYPE.linuxFilesystem },
    ],
  },
}
