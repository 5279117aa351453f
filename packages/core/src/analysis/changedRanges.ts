import type { DiskImage } from '@diskimage/format'
import type { ByteRange } from './byteRanges.js'

const CHUNK = 4 * 1024 * 1024

/**
 * The byte ranges where the virtual disks of `a` and `b` differ within their
 * first `length` bytes, in order. Chunks are compared whole first (memcmp), so
 * equal stretches cost one comparison each. Stops collecting after `maxRanges`
 * ranges and says so in `truncated`.
 */
export async function changedRanges(a: DiskImage, b: DiskImage, length: number, maxRanges = 100_000): Promise<{ ranges: ByteRange[]; truncated: boolean }> {
  const ranges: ByteRange[] = []
  let open: ByteRange | undefined
  for (let offset = 0; offset < length; offset += CHUNK) {
    const size = Math.min(CHUNK, length - offset)
    const [x, y] = await Promise.all([a.read(offset, size), b.read(offset, size)])
    if (x.equals(y)) continue
    for (let i = 0; i < size; i++) {
      if (x[i] === y[i]) continue
      const at = offset + i
      // Only touching bytes join: a gap, however small, may be a field that did not change.
      if (open && at === open.offset + open.length) open.length++
      else {
        if (ranges.length >= maxRanges) return { ranges, truncated: true }
        open = { offset: at, length: 1 }
        ranges.push(open)
      }
    }
  }
  return { ranges, truncated: false }
}
