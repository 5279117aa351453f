import { createHmac } from 'node:crypto'

/** HMAC-SHA256(key, message): the one primitive every derived identifier is made from. */
export function hmacSha256(key: Uint8Array, message: Uint8Array | string): Buffer {
  return createHmac('sha256', key).update(message).digest()
}

/**
 * Marks 16 bytes as an RFC 4122 version-4 UUID (systemd's id128_make_v4_uuid):
 * byte 6 high nibble = 4, byte 8 top bits = 10. Returns a copy.
 */
export function markVersion4(bytes: Uint8Array): Buffer {
  const uuid = Buffer.from(bytes.subarray(0, 16))
  uuid[6] = (uuid[6]! & 0x0f) | 0x40
  uuid[8] = (uuid[8]! & 0x3f) | 0x80
  return uuid
}

/** 16 bytes in text order as an upper-case 8-4-4-4-12 UUID, as sgdisk prints GUIDs. */
export function uuidText(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes.subarray(0, 16)).toString('hex').toUpperCase()
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** The 16 bytes of a UUID written as text, in text order (not GPT's mixed-endian order). */
export function uuidBytes(text: string): Buffer {
  return Buffer.from(text.replace(/-/g, ''), 'hex')
}

/**
 * systemd's derive_uuid(): the first 16 bytes of HMAC-SHA256(key, token),
 * v4-marked, as upper-case text. repart uses it for the disk GUID (token
 * "disk-uuid") and, keyed by a partition's UUID, for its file system's UUID
 * (token "file-system-uuid").
 */
export function deriveUuid(key: Uint8Array, token: string): string {
  return uuidText(markVersion4(hmacSha256(key, token)))
}
