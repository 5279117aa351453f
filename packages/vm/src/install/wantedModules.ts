import type { WantedModule } from '../initramfs/resolveModuleLoadOrder.js'
import type { BootloaderMount } from './InstallBootloaderOptions.js'

/** ext2 and ext3 are served by the ext4 driver on modern kernels (CONFIG_EXT4_USE_FOR_EXT2). */
const FS_MODULE: Record<string, string> = { ext2: 'ext4', ext3: 'ext4', fat: 'vfat', msdos: 'vfat' }

/**
 * The modules the helper VM loads: the virtio disk, each mounted filesystem's driver, efivarfs for
 * UEFI, plus optional helpers that make mounts work when present (crc32c for ext4's metadata
 * checksums, the code pages vfat uses for file names).
 */
export function wantedModules(mounts: readonly BootloaderMount[], efi: boolean): WantedModule[] {
  const wanted: WantedModule[] = [
    { name: 'virtio_pci', required: true, neededFor: 'the virtio PCI bus' },
    { name: 'virtio_blk', required: true, neededFor: 'the image disk /dev/vda' },
  ]
  const fsTypes = new Set(mounts.map((m) => m.fsType))
  if ([...fsTypes].some((t) => (FS_MODULE[t] ?? t) === 'ext4')) {
    // Before ext4 and jbd2: their "softdep pre: crc32c", which modprobe honours and insmod does not.
    wanted.push(
      { name: 'crc32c_intel', required: false, neededFor: 'ext4 checksums' },
      { name: 'crc32c_generic', required: false, neededFor: 'ext4 checksums' },
    )
  }
  for (const fsType of fsTypes) {
    wanted.push({ name: FS_MODULE[fsType] ?? fsType, required: true, neededFor: `mounting ${fsType}` })
  }
  if ([...fsTypes].some((t) => (FS_MODULE[t] ?? t) === 'vfat')) {
    for (const nls of ['nls_cp437', 'nls_iso8859_1', 'nls_utf8', 'nls_ascii']) {
      wanted.push({ name: nls, required: false, neededFor: 'vfat file names' })
    }
  }
  if (efi) wanted.push({ name: 'efivarfs', required: true, neededFor: 'writing EFI variables (touchEFIVars)' })
  return wanted
}
