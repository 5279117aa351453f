import { QCOW2_MAGIC } from '../qcow2/qcow2-header.js'
import { VDI_SIGNATURE } from '../vdi/vdi-header.js'
import { VMDK_MAGIC } from '../vmdk/vmdk-structures.js'
import type { DiskImage } from './disk-image.js'
import { ImageFile } from './image-file.js'
import { RawImage } from './raw-image.js'

/**
 * Opens a disk image for reading, recognising qcow2, VDI, VHD (dynamic: footer copy at the start;
 * fixed: footer at the end) and sparse VMDK by their magic; anything else is raw. A file that claims a
 * format but breaks it throws CorruptImageError; a feature not implemented throws UnsupportedImageError.
 *
 * @example
 * const image = await openImage('nixos.qcow2')
 * const mbr = await image.read(0, 512)
 * await image.close()
 */
export async function openImage(path: string): Promise<DiskImage> {
  const file = await ImageFile.open(path)
  try {
    const head = await file.readUpTo(0, 512)
    // Each reader is loaded only for an image of its format (a raw image, the most common, needs none).
    if (head.readUInt32BE(0) === QCOW2_MAGIC) return await (await import('./qcow2-image.js')).Qcow2Image.open(file, head)
    if (head.readUInt32LE(0x40) === VDI_SIGNATURE) return await (await import('./vdi-image.js')).VdiImage.open(file, head)
    if (head.readUInt32LE(0) === VMDK_MAGIC) return await (await import('./vmdk-image.js')).VmdkImage.open(file, head)
    if (await hasVhdFooter(file, head)) return await (await import('./vpc-image.js')).VpcImage.open(file, head)
    return new RawImage(file)
  } catch (error) {
    await file.close()
    throw error
  }
}

async function hasVhdFooter(file: ImageFile, head: Buffer): Promise<boolean> {
  if (head.subarray(0, 8).toString('latin1') === 'conectix') return true
  if (file.size < 512) return false
  const tail = await file.readUpTo(file.size - 512, 8)
  return tail.toString('latin1') === 'conectix'
}
