/**
 * Whether every byte of `bytes[start, end)` (default: all of it) is zero. Comparing the range with
 * itself shifted by 8 bytes (memcmp inside Buffer.compare) proves it periodic; with its first 8 bytes
 * zero, it is all zero. This reads one stream of memory instead of two (buffer and a zero buffer):
 * measured ~25% faster on 4 MiB chunks. Offsets instead of a subarray: the block-by-block scans call
 * this ~40,000 times per 160 MiB, and a subarray per call showed in profiles.
 */
export function isAllZero(bytes: Buffer, start = 0, end = bytes.length): boolean {
  if (end - start <= 8) {
    for (let i = start; i < end; i++) if (bytes[i] !== 0) return false
    return true
  }
  for (let i = start; i < start + 8; i++) if (bytes[i] !== 0) return false
  return bytes.compare(bytes, start, end - 8, start + 8, end) === 0
}
