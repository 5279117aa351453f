import { describe, expect, it } from 'vitest'
import { IMAGE_FORMATS } from './choices.js'
import { imageFileName } from './imageFileName.js'

describe('imageFileName', () => {
  // The reference: "${baseName}." + { qcow2 = "qcow2"; vdi = "vdi"; vpc = "vhd"; raw = "img"; }.${format} or format,
  // after mapping qcow2-compressed to qcow2; vmdk is ours and falls to `or format`.
  it.each([
    ['raw', 'nixos.img'],
    ['qcow2', 'nixos.qcow2'],
    ['qcow2-compressed', 'nixos.qcow2'],
    ['vdi', 'nixos.vdi'],
    ['vpc', 'nixos.vhd'],
    ['vmdk', 'nixos.vmdk'],
  ] as const)('%s → %s', (format, name) => {
    expect(imageFileName({ baseName: 'nixos', format })).toBe(name)
  })

  it('covers every format', () => {
    expect(IMAGE_FORMATS.map((format) => imageFileName({ baseName: 'b', format })).every((name) => /^b\.[a-z0-9]+$/.test(name))).toBe(true)
  })
})
