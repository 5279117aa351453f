import { packedFields, type Field } from '../fields.js'

const ENTRY = [['status', 1], ['first CHS', 3], ['type', 1], ['last CHS', 3], ['first LBA', 4], ['sectors', 4]] as const

/** Sector 0 of an msdos or protective MBR, field by field. */
export const MBR_FIELDS: Field[] = [
  { name: 'boot code', offset: 0, size: 440 },
  { name: 'disk signature', offset: 440, size: 4 },
  { name: 'reserved', offset: 444, size: 2 },
  ...[0, 1, 2, 3].flatMap((i) => packedFields(ENTRY.map(([n, s]) => [`entry ${i + 1} ${n}`, s] as const), 446 + 16 * i)),
  { name: 'boot signature', offset: 510, size: 2 },
]
