import { hmacSha256, markVersion4, uuidBytes, uuidText } from './deriveUuid.js'

/**
 * A partition's unique GUID exactly as systemd-repart derives it
 * (partition_acquire_uuid): HMAC-SHA256 keyed with the seed over the 16 bytes
 * of the partition type GUID in text order, followed — only for the second and
 * later partition of the same type — by the instance number as a little-endian
 * 64-bit integer; the first 16 bytes of the digest, v4-marked. `instance` is the
 * number of earlier entries of the table with the same type (0 for the first).
 */
export function derivePartitionGuid(key: Uint8Array, typeGuid: string, instance: number): string {
  if (!Number.isSafeInteger(instance) || instance < 0) throw new RangeError(`derivePartitionGuid: instance must be a whole number ≥ 0, not ${instance}`)
  const type = uuidBytes(typeGuid)
  let message: Buffer = type
  if (instance > 0) {
    const counter = Buffer.alloc(8)
    counter.writeBigUInt64LE(BigInt(instance))
    message = Buffer.concat([type, counter])
  }
  return uuidText(markVersion4(hmacSha256(key, message)))
}
