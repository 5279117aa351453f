import { packedFields, type Field } from '../fields.js'

const BPB: ReadonlyArray<readonly [string, number]> = [
  ['BS_jmpBoot', 3], ['BS_OEMName', 8], ['BPB_BytsPerSec', 2], ['BPB_SecPerClus', 1], ['BPB_RsvdSecCnt', 2],
  ['BPB_NumFATs', 1], ['BPB_RootEntCnt', 2], ['BPB_TotSec16', 2], ['BPB_Media', 1], ['BPB_FATSz16', 2],
  ['BPB_SecPerTrk', 2], ['BPB_NumHeads', 2], ['BPB_HiddSec', 4], ['BPB_TotSec32', 4],
]

/** The boot sector of FAT12/16, with Microsoft's FAT specification names. */
export const FAT16_BOOT_SECTOR_FIELDS: Field[] = packedFields([
  ...BPB, ['BS_DrvNum', 1], ['BS_Reserved1', 1], ['BS_BootSig', 1], ['BS_VolID', 4], ['BS_VolLab', 11],
  ['BS_FilSysType', 8], ['boot code', 448], ['signature', 2],
])

/** The boot sector of FAT32. */
export const FAT32_BOOT_SECTOR_FIELDS: Field[] = packedFields([
  ...BPB, ['BPB_FATSz32', 4], ['BPB_ExtFlags', 2], ['BPB_FSVer', 2], ['BPB_RootClus', 4], ['BPB_FSInfo', 2],
  ['BPB_BkBootSec', 2], ['BPB_Reserved', 12], ['BS_DrvNum', 1], ['BS_Reserved1', 1], ['BS_BootSig', 1],
  ['BS_VolID', 4], ['BS_VolLab', 11], ['BS_FilSysType', 8], ['boot code', 420], ['signature', 2],
])

/** The FAT32 FSInfo sector. */
export const FAT32_FSINFO_FIELDS: Field[] = packedFields([
  ['FSI_LeadSig', 4], ['FSI_Reserved1', 480], ['FSI_StrucSig', 4], ['FSI_Free_Count', 4], ['FSI_Nxt_Free', 4],
  ['FSI_Reserved2', 12], ['FSI_TrailSig', 4],
])

/** A 32-byte short-name directory entry. */
export const FAT_DIR_ENTRY_FIELDS: Field[] = packedFields([
  ['DIR_Name', 11], ['DIR_Attr', 1], ['DIR_NTRes', 1], ['DIR_CrtTimeTenth', 1], ['DIR_CrtTime', 2], ['DIR_CrtDate', 2],
  ['DIR_LstAccDate', 2], ['DIR_FstClusHI', 2], ['DIR_WrtTime', 2], ['DIR_WrtDate', 2], ['DIR_FstClusLO', 2], ['DIR_FileSize', 4],
])

/** A 32-byte long-name (VFAT) directory entry. */
export const FAT_LFN_ENTRY_FIELDS: Field[] = packedFields([
  ['LDIR_Ord', 1], ['LDIR_Name1', 10], ['LDIR_Attr', 1], ['LDIR_Type', 1], ['LDIR_Chksum', 1], ['LDIR_Name2', 12],
  ['LDIR_FstClusLO', 2], ['LDIR_Name3', 4],
])
