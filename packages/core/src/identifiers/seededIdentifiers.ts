import { GPT_TYPE } from '@diskimage/partition'
import { deriveUuid, hmacSha256 } from './deriveUuid.js'
import { derivePartitionGuid } from './derivePartitionGuid.js'
import { seedKey } from './seedKey.js'

/** Every identifier of an image that a seed decides, before the user's pins are applied. */
export interface SeededIdentifiers {
  /** GPT disk GUID: deriveUuid(K, "disk-uuid"), as systemd-repart. */
  diskGuid: string
  /** Unique GUID of the `instance`-th (0-based) partition of type `typeGuid`, as systemd-repart. */
  partitionGuid(typeGuid: string, instance: number): string
  /** The root partition's GUID (the first Linux filesystem partition); on msdos and none the value rootGPUID stands for. */
  rootGuid: string
  /** msdos disk signature: the first non-zero big-endian 32-bit word of HMAC-SHA256(K, "disk-uuid"). */
  diskSignature: number
  /** ext4 s_hash_seed (`-E hash_seed=`): deriveUuid(K, "ext4-hash-seed"). */
  ext4HashSeed: string
  /** The string @diskimage/format's convert() takes as `seed` for header UUIDs: hex of HMAC-SHA256(K, "image-headers"). */
  headerSeed: string
}

/**
 * Derives the identifiers of an image from `seed`; see docs/identifiers.md for
 * the formulas and test vectors. K = seedKey(seed).
 */
export function seededIdentifiers(seed: string): SeededIdentifiers {
  const key = seedKey(seed)
  const diskUuidMac = hmacSha256(key, 'disk-uuid')
  return {
    diskGuid: deriveUuid(key, 'disk-uuid'),
    partitionGuid: (typeGuid, instance) => derivePartitionGuid(key, typeGuid, instance),
    rootGuid: derivePartitionGuid(key, GPT_TYPE.linuxFilesystem, 0),
    diskSignature: firstNonZeroWord(diskUuidMac),
    ext4HashSeed: deriveUuid(key, 'ext4-hash-seed'),
    headerSeed: hmacSha256(key, 'image-headers').toString('hex'),
  }
}

// Zero means "no signature" to an msdos table; a digest of eight zero words does not occur in practice.
function firstNonZeroWord(digest: Buffer): number {
  for (let at = 0; at + 4 <= digest.length; at += 4) {
    const word = digest.readUInt32BE(at)
    if (word !== 0) return word
  }
  return 1
}
