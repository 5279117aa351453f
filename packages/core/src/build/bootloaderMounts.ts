import type { BootloaderMount } from '@diskimage/vm'
import type { DiskLayout } from '../layout/types.js'

/**
 * Where the bootloader VM mounts each partition, as the reference's VM script
 * does: the root at /, the ESP at /boot (efi, hybrid) or /efi with the XBOOTLDR
 * partition at /boot (efixbootldr), the FAT BOOT partition at /boot
 * (legacy+boot). A table-less image is mounted whole (/dev/vda).
 */
export function bootloaderMounts(diskLayout: DiskLayout, fsType: string): BootloaderMount[] {
  if (diskLayout.partitions.length === 0) return [{ partition: 0, mountPoint: '/', fsType }]
  const xbootldr = diskLayout.partitionTableType === 'efixbootldr'
  const mounts: BootloaderMount[] = []
  for (const p of diskLayout.partitions) {
    if (p.role === 'root') mounts.unshift({ partition: p.number, mountPoint: '/', fsType })
    else if (p.role === 'esp') mounts.push({ partition: p.number, mountPoint: xbootldr ? '/efi' : '/boot', fsType: 'vfat' })
    else if (p.role === 'boot') mounts.push({ partition: p.number, mountPoint: '/boot', fsType: 'vfat' })
  }
  return mounts
}
