/** 1 MiB, the reference's `mebibyte`: partition boundaries and disk sizes are rounded to it. */
export const MEBIBYTE = 1048576n

/** The ext4 block size the reference formats with (`mkfs.ext4 -b 4096`) and sizes in. */
export const FS_BLOCK_SIZE = 4096n

/** A disk sector as parted and sgdisk count it. */
export const SECTOR_SIZE = 512n
