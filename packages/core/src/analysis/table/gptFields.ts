import { packedFields, type Field } from '../fields.js'

/** The GPT header (UEFI spec 5.3.2), primary or backup; bytes 92..511 of its sector are "reserved". */
export const GPT_HEADER_FIELDS: Field[] = [
  ...packedFields([
    ['signature', 8], ['revision', 4], ['header size', 4], ['header CRC32', 4], ['reserved', 4],
    ['my LBA', 8], ['alternate LBA', 8], ['first usable LBA', 8], ['last usable LBA', 8], ['disk GUID', 16],
    ['entries LBA', 8], ['number of entries', 4], ['entry size', 4], ['entries CRC32', 4],
  ]),
  { name: 'reserved (after the header)', offset: 92, size: 420 },
]

/** One 128-byte partition entry (UEFI spec 5.3.3). */
export const GPT_ENTRY_FIELDS: Field[] = packedFields([
  ['type GUID', 16], ['unique GUID', 16], ['first LBA', 8], ['last LBA', 8], ['attributes', 8], ['name', 72],
])
