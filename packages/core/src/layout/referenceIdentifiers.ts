import { createHash } from 'node:crypto'

/**
 * The disk GUID every deterministic GPT image of the reference carries.
 *
 * The reference passes `--disk-guid=97FD5997-D90B-4AA3-8D16-C1723AEA73C`, one
 * hex digit short (35 characters). sgdisk's GUIDData::operator=(string)
 * treats any input shorter than 36 characters as written WITHOUT dashes and
 * reads two characters at a time with sscanf("%x") at the fixed offsets
 * 0/8/12/16/20 of "97FD5997-D90B-4AA3-8D16-C1723AEA73C":
 *   0..7   "97FD5997"           → 97FD5997
 *   8..11  "-D" "90"            → "-D" is -0xD = 0xF3 as a byte → F390 (stored as bytes 90 F3)
 *   12..15 "B-" "4A"            → "B-" parses as 0x0B → 0B4A
 *   16..19 "A3" "-8"            → "-8" = 0xF8 → A3F8
 *   20..31 "D1" "6-" "C1" "72" "3A" "EA" → D106C1723AEA (the trailing "73C" is ignored)
 * The test suite checks this against what sgdisk really writes.
 */
export const REFERENCE_DISK_GUID = '97FD5997-F390-0B4A-A3F8-D106C1723AEA'

/** The reference's fixed GUID for GPT entry 1 (ESP, or the bios_grub partition on legacy+gpt). */
export const REFERENCE_PARTITION1_GUID = '1C06F03B-704E-4657-B9CD-681A087A2FDC'

/** The reference's fixed GUID for GPT entry 2 when it is not the root (BOOT on efixbootldr, no-fs on hybrid). */
export const REFERENCE_PARTITION2_GUID = '970C694F-AFD0-4B99-B750-CDB7A329AB6F'

/** The text hashed into the deterministic msdos disk signature; see deterministicDiskSignature. */
export const DISK_SIGNATURE_DOMAIN = 'diskimage:msdos-disk-signature:'

/**
 * The msdos disk signature of a deterministic image (parted writes a random
 * one). Formula: SHA-256 of the ASCII text
 * `diskimage:msdos-disk-signature:` + rootGPUID in upper case; the signature
 * is the first 4 digest bytes read little-endian, or the next 4 if those are
 * zero (zero means "no signature"). Deriving it from rootGPUID means the
 * option that already tells images apart also gives them distinct
 * PARTUUIDs (SSSSSSSS-01), and the same options always give the same bytes.
 */
export function deterministicDiskSignature(rootGPUID: string): number {
  const digest = createHash('sha256').update(DISK_SIGNATURE_DOMAIN + rootGPUID.toUpperCase(), 'ascii').digest()
  for (let at = 0; at + 4 <= digest.length; at += 4) {
    const value = digest.readUInt32LE(at)
    if (value !== 0) return value
  }
  return 1 // unreachable in practice: all 8 words of a SHA-256 digest are never zero
}
