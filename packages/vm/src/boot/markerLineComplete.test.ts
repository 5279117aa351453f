import { describe, expect, it } from 'vitest'
import { markerLineComplete } from './bootAndWaitForMarker.js'

describe('markerLineComplete', () => {
  it('waits for the end of the line holding the marker, so what follows it on that line is captured', () => {
    expect(markerLineComplete('[ 1.0] boot\r\nBOOTED root=UUID=a39', 'BOOTED')).toBe(false)
    expect(markerLineComplete('[ 1.0] boot\r\nBOOTED root=UUID=a3944e85\r\n', 'BOOTED')).toBe(true)
    expect(markerLineComplete('no marker yet\n', 'BOOTED')).toBe(false)
  })
})
