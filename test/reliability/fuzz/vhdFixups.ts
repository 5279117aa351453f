const FOOTER = 512

/** The VHD checksum: ones' complement of the byte sum, with the checksum field counted as zero. */
function checksum(bytes: Buffer, field: number): number {
  let sum = 0
  for (let i = 0; i < bytes.length; i++) if (i < field || i >= field + 4) sum += bytes[i]!
  return ~sum >>> 0
}

/**
 * Makes the checksums of a (mutated) VHD agree with its bytes again: the footer at
 * the end, its copy at the start, and the dynamic header after it. Otherwise nearly
 * every mutation stops at "footer checksum mismatch".
 */
export function fixVhdChecksums(image: Buffer): void {
  for (const at of [0, image.length - FOOTER]) {
    if (at < 0 || at + FOOTER > image.length || image.toString('latin1', at, at + 8) !== 'conectix') continue
    image.writeUInt32BE(checksum(image.subarray(at, at + FOOTER), 64), at + 64)
  }
  const dynamic = image.length >= FOOTER + 1024 && image.toString('latin1', FOOTER, FOOTER + 8) === 'cxsparse' ? FOOTER : -1
  if (dynamic >= 0) image.writeUInt32BE(checksum(image.subarray(dynamic, dynamic + 1024), 36), dynamic + 36)
}
