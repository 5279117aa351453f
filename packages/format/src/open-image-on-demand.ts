import type { DiskImage } from './read/disk-image.js'

/**
 * Opens a disk image for reading: qcow2, VDI, VHD, sparse VMDK or raw (read/open-image.ts has the
 * details). The package's entry point exports this: the readers' modules load on the first call, so
 * that a program that only converts does not load them (~6 modules, ~5 ms of a conversion process).
 *
 * @example
 * const image = await openImage('nixos.qcow2')
 * const mbr = await image.read(0, 512)
 * await image.close()
 */
export async function openImage(path: string): Promise<DiskImage> {
  return (await import('./read/open-image.js')).openImage(path)
}
