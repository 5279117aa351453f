/** Constants of the GUID partition table format (UEFI 2.x, chapter 5), as parted and sgdisk write them. */
export const GPT = {
  /** "EFI PART" */
  signature: 0x5452415020494645n,
  revision: 0x00010000,
  headerSize: 92,
  entrySize: 128,
  /** Entry slots written by parted, sgdisk and us. */
  entryCount: 128,
  /** Sectors the 128 × 128-byte entry array takes. */
  entrySectors: 32,
  /** First usable sector: MBR + header + 32 entry sectors. */
  firstUsableLba: 34,
  /** Names are 36 UTF-16LE code units (72 bytes). */
  nameUnits: 36,
  /** Upper bound on the entry array a reader will load (1 MiB, 8192 entries of 128 bytes). */
  maxEntryArrayBytes: 1024 * 1024,
} as const
