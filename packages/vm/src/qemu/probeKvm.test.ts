import { describe, expect, it } from 'vitest'
import { probeKvm } from './probeKvm.js'

describe('the KVM probe', () => {
  it('boots its firmware: under TCG emulation (always available) the probe message arrives', async () => {
    expect(await probeKvm('qemu-system-x86_64', 'tcg')).toBe(true)
  })

  it('reports false when QEMU cannot run at all', async () => {
    expect(await probeKvm('/nonexistent/qemu-system-x86_64', 'tcg')).toBe(false)
  })
})
