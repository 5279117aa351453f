import type { DiskImage } from '@diskimage/format'

/** The file systems `diff` looks inside. */
export type DetectedFilesystem = 'ext4' | 'fat' | null

/** Recognises an ext2/3/4 (magic 0xEF53 in the superblock) or FAT (boot signature and "FAT" type string) at `offset`. */
export async function detectFilesystem(image: DiskImage, offset: number, length: number): Promise<DetectedFilesystem> {
  if (length < 2048) return null
  const head = await image.read(offset, 2048)
  if (head.readUInt16LE(1024 + 56) === 0xef53) return 'ext4'
  const fatType = head.subarray(0x36, 0x39).toString('latin1') === 'FAT' || head.subarray(0x52, 0x57).toString('latin1') === 'FAT32'
  if (head.readUInt16LE(510) === 0xaa55 && fatType) return 'fat'
  return null
}
