import { randomUUID } from 'node:crypto'
import { InvalidGuidError } from './errors/InvalidGuidError.js'

const GUID_PATTERN = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/

/** True when `value` is a GUID written as XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX (any case). */
export function isGuid(value: string): boolean {
  return GUID_PATTERN.test(value)
}

/**
 * Encodes a GUID the way GPT stores it: the first three groups little-endian,
 * the last two as written ("mixed endian", UEFI spec appendix A).
 * `field` names the value in the error when it is not a GUID.
 */
export function encodeGuid(guid: string, field = 'GUID'): Uint8Array {
  if (!isGuid(guid)) throw new InvalidGuidError(field, guid)
  const hex = guid.replace(/-/g, '')
  const bytes = Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16))
  bytes.subarray(0, 4).reverse()
  bytes.subarray(4, 6).reverse()
  bytes.subarray(6, 8).reverse()
  return bytes
}

/** Decodes 16 mixed-endian bytes into an upper-case GUID string, as sgdisk and parted print it. */
export function decodeGuid(bytes: Uint8Array): string {
  const b = Uint8Array.from(bytes.subarray(0, 16))
  b.subarray(0, 4).reverse()
  b.subarray(4, 6).reverse()
  b.subarray(6, 8).reverse()
  const hex = Buffer.from(b).toString('hex').toUpperCase()
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/**
 * A random version-4 GUID (upper case), for non-deterministic tables — what parted does. Node's own
 * randomUUID: the `uuid` package it replaces cost ~50 ms of module loading at every start.
 */
export function randomGuid(): string {
  return randomUUID().toUpperCase()
}
