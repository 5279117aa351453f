import { describe, expect, it } from 'vitest'
import { readGuestStatus } from './readGuestStatus.js'

describe('readGuestStatus', () => {
  const nonce = 'feedc0de12345678'
  it('reads the exit status and setup failures of this run only', () => {
    expect(readGuestStatus(`[ 1.0] boot\r\ndiskimage-vm-${nonce}: exit 0\r\n`, nonce)).toEqual({ kind: 'exit', status: 0 })
    expect(readGuestStatus(`diskimage-vm-${nonce}: exit 127\n`, nonce)).toEqual({ kind: 'exit', status: 127 })
    expect(readGuestStatus(`diskimage-vm-${nonce}: setup-failed mount /dev/vda9 on /mnt\r\n`, nonce)).toEqual({
      kind: 'setup-failed',
      step: 'mount /dev/vda9 on /mnt',
    })
    // Another nonce (e.g. the command printing a line it saw elsewhere) and half a line do not count.
    expect(readGuestStatus('diskimage-vm-0000000000000000: exit 0\n', nonce)).toBeUndefined()
    expect(readGuestStatus(`diskimage-vm-${nonce}: exit 1`, nonce)).toBeUndefined()
  })
})
