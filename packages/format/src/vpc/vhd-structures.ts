import type { ChsGeometry } from './geometry.js'

/** The fields of a VHD hard disk footer (VHD specification, "Hard Disk Footer Format"). */
export interface VhdFooter {
  dataOffset: bigint
  /** Seconds since 2000-01-01 00:00:00 UTC. */
  timestamp: number
  originalSize: number
  currentSize: number
  geometry: ChsGeometry
  diskType: number
  uuid: Buffer
}

export const VHD_FOOTER_BYTES = 512
export const VHD_DYNAMIC_HEADER_BYTES = 1024
export const VHD_TYPE_FIXED = 2
export const VHD_TYPE_DYNAMIC = 3
/** qemu-img's default (and the specification's) block size: 2 MiB. */
export const VHD_BLOCK_SIZE = 2 << 20
/** Seconds from the Unix epoch to the VHD epoch, 2000-01-01. */
export const VHD_EPOCH_OFFSET = 946684800
export const VHD_NO_DATA_OFFSET = 0xffffffffffffffffn

/** The one's complement of the byte sum, the checksum of footers and dynamic headers. */
export function vhdChecksum(bytes: Uint8Array): number {
  let sum = 0
  for (const byte of bytes) sum += byte
  return ~sum >>> 0
}

/**
 * Encodes a footer (big-endian). Creator fields are qemu-img's ("qemu", 0x00050003, "Wi2k"): readers
 * such as qemu pick between the CHS size and current_size by creator, and both agree for our images,
 * so using qemu's values keeps them read exactly like the reference's.
 */
export function encodeVhdFooter(footer: VhdFooter): Buffer {
  const out = Buffer.alloc(VHD_FOOTER_BYTES)
  out.write('conectix', 0, 'latin1')
  out.writeUInt32BE(2, 8)
  out.writeUInt32BE(0x00010000, 12)
  out.writeBigUInt64BE(footer.dataOffset, 16)
  out.writeUInt32BE(footer.timestamp >>> 0, 24)
  out.write('qemu', 28, 'latin1')
  out.writeUInt32BE(0x00050003, 32)
  out.write('Wi2k', 36, 'latin1')
  out.writeBigUInt64BE(BigInt(footer.originalSize), 40)
  out.writeBigUInt64BE(BigInt(footer.currentSize), 48)
  out.writeUInt16BE(footer.geometry.cylinders, 56)
  out.writeUInt8(footer.geometry.heads, 58)
  out.writeUInt8(footer.geometry.sectorsPerTrack, 59)
  out.writeUInt32BE(footer.diskType, 60)
  footer.uuid.copy(out, 68)
  out.writeUInt32BE(vhdChecksum(out), 64)
  return out
}

/** Encodes a dynamic disk header (big-endian) for a disk without parent. */
export function encodeVhdDynamicHeader(tableOffset: number, maxTableEntries: number): Buffer {
  const out = Buffer.alloc(VHD_DYNAMIC_HEADER_BYTES)
  out.write('cxsparse', 0, 'latin1')
  out.writeBigUInt64BE(VHD_NO_DATA_OFFSET, 8)
  out.writeBigUInt64BE(BigInt(tableOffset), 16)
  out.writeUInt32BE(0x00010000, 24)
  out.writeUInt32BE(maxTableEntries, 28)
  out.writeUInt32BE(VHD_BLOCK_SIZE, 32)
  out.writeUInt32BE(vhdChecksum(out), 36)
  return out
}
