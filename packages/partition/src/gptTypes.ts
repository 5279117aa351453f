/**
 * The GPT partition type GUIDs that the layouts use, with the names parted
 * gives the flag or filesystem that selects them.
 */
export const GPT_TYPE = {
  /** parted `set N boot on` / `esp` on GPT. */
  efiSystem: 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B',
  /** parted `set N bios_grub on` ("Hah!IdontNeedEFI" in ASCII). */
  biosBoot: '21686148-6449-6E6F-744E-656564454649',
  /** parted's default for `mkpart ... ext4`. */
  linuxFilesystem: '0FC63DAF-8483-4772-8E79-3D69D8477DE4',
  /** parted `set N bls_boot on`: the Boot Loader Specification's XBOOTLDR partition. */
  xbootldr: 'BC13C2FF-59E6-4262-A352-B275FD6F7172',
  /** parted's default for `mkpart ... fat32` without flags. */
  microsoftBasicData: 'EBD0A0A2-B9E5-4433-87C0-68B6B72699C7',
} as const

const NAMES: Record<string, string> = {
  [GPT_TYPE.efiSystem]: 'EFI System',
  [GPT_TYPE.biosBoot]: 'BIOS boot',
  [GPT_TYPE.linuxFilesystem]: 'Linux filesystem',
  [GPT_TYPE.xbootldr]: 'Linux extended boot',
  [GPT_TYPE.microsoftBasicData]: 'Microsoft basic data',
}

/** A human name for a GPT type GUID, or the GUID itself when unknown. */
export function gptTypeName(typeGuid: string): string {
  return NAMES[typeGuid.toUpperCase()] ?? typeGuid
}

const MBR_NAMES: Record<number, string> = {
  0x0c: 'W95 FAT32 (LBA)',
  0x0b: 'W95 FAT32',
  0x83: 'Linux',
  0xee: 'GPT protective',
  0xef: 'EFI System',
  0x05: 'Extended',
  0x0f: 'W95 Extended (LBA)',
  0x85: 'Linux extended',
}

/** A human name for an MBR partition type byte. */
export function mbrTypeName(type: number): string {
  return MBR_NAMES[type] ?? `0x${type.toString(16).padStart(2, '0')}`
}
