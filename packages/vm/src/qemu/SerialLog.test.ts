import { describe, expect, it } from 'vitest'
import { SerialLog } from './SerialLog.js'

describe('SerialLog', () => {
  it('keeps the raw text for searching and gives a tail without terminal escapes', () => {
    const log = new SerialLog()
    log.append(Buffer.from('\x1b[2J\x1b[01;01HGRUB loading.\r\n'))
    const text = log.append(Buffer.from('line two\r\nline three\r\n'))
    expect(text).toContain('\x1b[2J')
    expect(log.tail(3)).toBe('line two\nline three\n')
    expect(log.tail()).toBe('GRUB loading.\nline two\nline three\n')
  })
})
