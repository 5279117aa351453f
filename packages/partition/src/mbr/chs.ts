/**
 * The 3-byte cylinder/head/sector address parted writes beside each LBA in an
 * MBR entry. parted gives an image file the BIOS geometry 4 heads × 32
 * sectors (libparted's linux.c, init_file) and, past cylinder 1023, stores
 * the largest address (cylinder 1023, head 3, sector 32 → 03 E0 FF), as the
 * msdos label code does. Measured: LBA 2048 → 00 01 10.
 */
const HEADS = 4
const SECTORS_PER_TRACK = 32
const MAX_CYLINDER = 1023

/** Encodes `lba` as the CHS triple (head, sector|cylinder-high, cylinder-low). */
export function encodeChs(lba: number): [number, number, number] {
  let cylinder = Math.floor(lba / (HEADS * SECTORS_PER_TRACK))
  let head = Math.floor(lba / SECTORS_PER_TRACK) % HEADS
  let sector = (lba % SECTORS_PER_TRACK) + 1
  if (cylinder > MAX_CYLINDER) {
    cylinder = MAX_CYLINDER
    head = HEADS - 1
    sector = SECTORS_PER_TRACK
  }
  return [head, ((cylinder >> 8) << 6) | sector, cylinder & 0xff]
}
