import { describe, expect, it } from 'vitest'
import { formatDifference, mergeDifferences, numberRanges } from './difference.js'
import { fieldsIn, packedFields } from './fields.js'
import { rangesWithin } from './byteRanges.js'

describe('fieldsIn', () => {
  const fields = packedFields([['a', 2], ['b', 4]], 4) // a: 4..5, b: 6..9
  it('names every field a range touches, and uncovered bytes by hex offset', () => {
    expect(fieldsIn(fields, 5, 7)).toEqual(['a', 'b'])
    expect(fieldsIn(fields, 0, 5)).toEqual(['bytes 0x0..0x3', 'a'])
    expect(fieldsIn(fields, 10, 11)).toEqual(['byte 0xa'])
  })
})

describe('numberRanges', () => {
  it('folds consecutive numbers and drops repeats', () => {
    expect(numberRanges([9, 3, 4, 5, 5, 12])).toBe('3..5, 9, 12')
  })
})

describe('mergeDifferences and formatDifference', () => {
  it('merges the fields of one place, in first-seen order', () => {
    const merged = mergeDifferences([
      { region: 'GPT header', where: '', fields: ['disk GUID'] },
      { region: 'GPT header', where: '', fields: ['header CRC32', 'disk GUID'] },
      { region: 'partition 2 (ext4)', where: 'superblock', fields: ['s_uuid'] },
    ])
    expect(merged.map(formatDifference)).toEqual(['GPT header: disk GUID, header CRC32', 'partition 2 (ext4): superblock: s_uuid'])
  })
})

describe('rangesWithin', () => {
  it('clips ranges to a region and makes them relative to it', () => {
    expect(rangesWithin([{ offset: 0, length: 10 }, { offset: 95, length: 10 }, { offset: 200, length: 1 }], 5, 100)).toEqual([
      { offset: 0, length: 5 },
      { offset: 90, length: 10 },
    ])
  })
})
