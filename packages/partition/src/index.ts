export type {
  GptPartition,
  GptPartitionSpec,
  GptTable,
  GptTableSpec,
  MbrPartition,
  MbrPartitionSpec,
  MbrTable,
  MbrTableSpec,
  PartitionTable,
  TableSpec,
} from './types.js'
export { SECTOR_SIZE } from './types.js'
export type { TablePiece } from './TablePiece.js'
export type { ImageTarget } from './io/withFileHandle.js'
export type { ByteSource } from './io/ByteSource.js'
export { writeTable } from './writeTable.js'
export { readTable } from './readTable.js'
export { encodeTable } from './encodeTable.js'
export { GPT_TYPE, gptTypeName, mbrTypeName } from './gptTypes.js'
export { isGuid, encodeGuid, decodeGuid, randomGuid } from './guid.js'
export { randomDiskSignature } from './diskSignature.js'
export { PartitionError } from './errors/PartitionError.js'
export { InvalidGuidError } from './errors/InvalidGuidError.js'
export { InvalidTableSpecError } from './errors/InvalidTableSpecError.js'
export { MbrLimitExceededError } from './errors/MbrLimitExceededError.js'
export { ImageSizeMismatchError } from './errors/ImageSizeMismatchError.js'
export { ShortWriteError } from './errors/ShortWriteError.js'
export { PartitionOutOfRangeError } from './errors/PartitionOutOfRangeError.js'
export { PartitionOverlapError } from './errors/PartitionOverlapError.js'
export { TruncatedImageError } from './errors/TruncatedImageError.js'
export { NoPartitionTableError } from './errors/NoPartitionTableError.js'
export { GptHeaderInvalidError } from './errors/GptHeaderInvalidError.js'
export { GptCrcError } from './errors/GptCrcError.js'
export { GptEntryArrayTooLargeError } from './errors/GptEntryArrayTooLargeError.js'
export { GptBackupMismatchError } from './errors/GptBackupMismatchError.js'
