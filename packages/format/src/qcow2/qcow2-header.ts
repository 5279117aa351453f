/** The parts of a qcow2 version 3 header (docs/interop/qcow2.txt in qemu) that this package writes and reads. */
export interface Qcow2Header {
  version: number
  clusterBits: number
  virtualSize: number
  l1Size: number
  l1TableOffset: number
  refcountTableOffset: number
  refcountTableClusters: number
  incompatibleFeatures: bigint
  refcountOrder: number
  headerLength: number
  /** 0 = deflate, 1 = zstd (header byte 104, only when header_length > 104). */
  compressionType: number
  backingFileOffset: number
  cryptMethod: number
  nbSnapshots: number
}

export const QCOW2_MAGIC = 0x514649fb
/** qemu-img's defaults: 64 KiB clusters, 16-bit refcounts, version 3, a 112-byte header. */
export const QCOW2_CLUSTER_BITS = 16
export const QCOW2_REFCOUNT_ORDER = 4
export const QCOW2_HEADER_LENGTH = 112
/** Incompatible feature bit 3: the compression_type field is in use (set for zstd). */
export const QCOW2_INCOMPAT_COMPRESSION_TYPE = 1n << 3n
/** compression_type 1: clusters are zstd frames (0: deflate). */
export const QCOW2_COMPRESSION_ZSTD = 1
/** L1/L2 entry bit 63: refcount is exactly one (the cluster may be written in place). */
export const QCOW2_COPIED = 1n << 63n
/** L2 entry bit 62: the cluster is compressed. */
export const QCOW2_COMPRESSED = 1n << 62n

/**
 * Encodes the header followed by the end-of-extensions marker (8 zero bytes). All fields are
 * big-endian. Snapshots, backing files and encryption are never written, so their fields stay zero.
 */
export function encodeQcow2Header(header: Qcow2Header): Buffer {
  const out = Buffer.alloc(header.headerLength + 8)
  out.writeUInt32BE(QCOW2_MAGIC, 0)
  out.writeUInt32BE(header.version, 4)
  out.writeUInt32BE(header.clusterBits, 20)
  out.writeBigUInt64BE(BigInt(header.virtualSize), 24)
  out.writeUInt32BE(header.l1Size, 36)
  out.writeBigUInt64BE(BigInt(header.l1TableOffset), 40)
  out.writeBigUInt64BE(BigInt(header.refcountTableOffset), 48)
  out.writeUInt32BE(header.refcountTableClusters, 56)
  out.writeBigUInt64BE(header.incompatibleFeatures, 72)
  out.writeUInt32BE(header.refcountOrder, 96)
  out.writeUInt32BE(header.headerLength, 100)
  out.writeUInt8(header.compressionType, 104)
  return out
}

/** Decodes the fixed part of a header (version 2 or 3); checking the values is the reader's job. */
export function decodeQcow2Header(bytes: Buffer): Qcow2Header {
  const version = bytes.readUInt32BE(4)
  const headerLength = version >= 3 ? bytes.readUInt32BE(100) : 72
  return {
    version,
    backingFileOffset: Number(bytes.readBigUInt64BE(8)),
    clusterBits: bytes.readUInt32BE(20),
    virtualSize: Number(bytes.readBigUInt64BE(24)),
    cryptMethod: bytes.readUInt32BE(32),
    l1Size: bytes.readUInt32BE(36),
    l1TableOffset: Number(bytes.readBigUInt64BE(40)),
    refcountTableOffset: Number(bytes.readBigUInt64BE(48)),
    refcountTableClusters: bytes.readUInt32BE(56),
    nbSnapshots: bytes.readUInt32BE(60),
    incompatibleFeatures: version >= 3 ? bytes.readBigUInt64BE(72) : 0n,
    refcountOrder: version >= 3 ? bytes.readUInt32BE(96) : 4,
    headerLength,
    compressionType: headerLength > 104 ? bytes.readUInt8(104) : 0,
  }
}
