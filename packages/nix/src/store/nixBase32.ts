import { NIX_BASE32_CHARS } from './storePath.js'

/**
 * Decodes Nix's base-32 (libutil/hash.cc): the LAST character holds the lowest 5 bits
 * of the first byte, unlike RFC 4648. Returns null when `text` is not a valid encoding
 * of `bytes` bytes.
 */
export function decodeNixBase32(text: string, bytes: number): Uint8Array | null {
  if (text.length !== Math.ceil((bytes * 8) / 5)) return null
  const out = new Uint8Array(bytes)
  for (let n = 0; n < text.length; n++) {
    const digit = NIX_BASE32_CHARS.indexOf(text[text.length - n - 1]!)
    if (digit < 0) return null
    const bit = n * 5
    const i = bit >> 3
    const j = bit & 7
    out[i]! |= (digit << j) & 0xff
    const carry = digit >> (8 - j)
    if (i < bytes - 1) out[i + 1]! |= carry
    else if (carry !== 0) return null
  }
  return out
}
