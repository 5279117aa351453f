/** Byte offsets inside sector 0 (the MBR), shared by the encoder and the decoder. */
export const MBR = {
  /** 32-bit disk signature ("NT disk signature"). */
  diskSignatureOffset: 0x1b8,
  /** First of four 16-byte partition entries. */
  entriesOffset: 0x1be,
  entrySize: 16,
  entryCount: 4,
  /** 0x55 0xAA boot signature. */
  bootSignatureOffset: 0x1fe,
  bootSignature: 0xaa55,
  /** Largest sector number / count an entry can hold. */
  maxLba: 0xffffffff,
} as const
