/** Fields of a VMDK hosted sparse extent header (VMware "Virtual Disk Format 5.0", SparseExtentHeader). */
export interface VmdkHeader {
  flags: number
  capacitySectors: number
  grainSectors: number
  descriptorOffset: number
  descriptorSectors: number
  gtEntries: number
  rgdOffset: number
  /** Sector of the grain directory; VMDK_GD_AT_END in the header of a stream, whose footer holds the real one. */
  gdOffset: bigint
  overheadSectors: number
  compressAlgorithm: number
}

export const VMDK_MAGIC = 0x564d444b
/** Header flags: valid newline detection (bit 0), compressed grains (bit 16), markers (bit 17). */
export const VMDK_FLAG_NL_DETECT = 1
export const VMDK_FLAG_COMPRESSED = 1 << 16
export const VMDK_FLAG_MARKERS = 1 << 17
export const VMDK_GD_AT_END = 0xffffffffffffffffn
export const VMDK_COMPRESSION_DEFLATE = 1
/** Metadata marker types of a stream-optimized extent. */
export const VMDK_MARKER = { endOfStream: 0, grainTable: 1, grainDirectory: 2, footer: 3 } as const
/** 64 KiB grains and 512-entry grain tables, the defaults of VMware and qemu-img. */
export const VMDK_GRAIN_SECTORS = 128
export const VMDK_GT_ENTRIES = 512

/** Encodes a header into one 512-byte sector (little-endian). */
export function encodeVmdkHeader(header: VmdkHeader): Buffer {
  const out = Buffer.alloc(512)
  out.writeUInt32LE(VMDK_MAGIC, 0)
  out.writeUInt32LE(3, 4)
  out.writeUInt32LE(header.flags, 8)
  out.writeBigUInt64LE(BigInt(header.capacitySectors), 12)
  out.writeBigUInt64LE(BigInt(header.grainSectors), 20)
  out.writeBigUInt64LE(BigInt(header.descriptorOffset), 28)
  out.writeBigUInt64LE(BigInt(header.descriptorSectors), 36)
  out.writeUInt32LE(header.gtEntries, 44)
  out.writeBigUInt64LE(BigInt(header.rgdOffset), 48)
  out.writeBigUInt64LE(header.gdOffset, 56)
  out.writeBigUInt64LE(BigInt(header.overheadSectors), 64)
  // Byte 72 uncleanShutdown = 0, then the newline-detection characters "\n \r\n".
  out.write('\n \r\n', 73, 'latin1')
  out.writeUInt16LE(header.compressAlgorithm, 77)
  return out
}

/** Decodes a header; the magic is returned for the reader to check. */
export function decodeVmdkHeader(bytes: Buffer): VmdkHeader & { magic: number; version: number } {
  return {
    magic: bytes.readUInt32LE(0),
    version: bytes.readUInt32LE(4),
    flags: bytes.readUInt32LE(8),
    capacitySectors: Number(bytes.readBigUInt64LE(12)),
    grainSectors: Number(bytes.readBigUInt64LE(20)),
    descriptorOffset: Number(bytes.readBigUInt64LE(28)),
    descriptorSectors: Number(bytes.readBigUInt64LE(36)),
    gtEntries: bytes.readUInt32LE(44),
    rgdOffset: Number(bytes.readBigUInt64LE(48)),
    gdOffset: bytes.readBigUInt64LE(56),
    overheadSectors: Number(bytes.readBigUInt64LE(64)),
    compressAlgorithm: bytes.readUInt16LE(77),
  }
}

/** A metadata marker sector: sector count of what follows, size 0, type. */
export function encodeVmdkMarker(sectors: number, type: number): Buffer {
  const out = Buffer.alloc(512)
  out.writeBigUInt64LE(BigInt(sectors), 0)
  out.writeUInt32LE(type, 12)
  return out
}

/** The embedded descriptor of a single-extent stream-optimized disk, as qemu-img writes it plus a ddb.uuid.image. */
export function vmdkDescriptor(options: { cid: number; capacitySectors: number; fileName: string; uuid: string }): string {
  const cylinders = Math.min(16383, Math.floor(options.capacitySectors / (16 * 63)))
  return [
    '# Disk DescriptorFile',
    'version=1',
    `CID=${options.cid.toString(16).padStart(8, '0')}`,
    'parentCID=ffffffff',
    'createType="streamOptimized"',
    '',
    '# Extent description',
    `RW ${options.capacitySectors} SPARSE "${options.fileName}"`,
    '',
    '# The Disk Data Base',
    '#DDB',
    '',
    'ddb.virtualHWVersion = "4"',
    `ddb.geometry.cylinders = "${cylinders}"`,
    'ddb.geometry.heads = "16"',
    'ddb.geometry.sectors = "63"',
    'ddb.adapterType = "ide"',
    `ddb.uuid.image = "${options.uuid}"`,
    'ddb.toolsVersion = "2147483647"',
    '',
  ].join('\n')
}
