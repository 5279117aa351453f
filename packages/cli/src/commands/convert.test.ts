import { describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { closeSync, existsSync, mkdtempSync, openSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runConvert } from './convert.js'
import { captureIo } from '../__fixtures__/captureIo.js'

const io = captureIo

describe('make-disk-image convert', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-convert-'))
  const raw = join(dir, 'disk.img')
  const fd = openSync(raw, 'w')
  writeSync(fd, Buffer.alloc(70000, 0xab), 0, 70000, 5 * 1024 * 1024 + 123)
  writeSync(fd, 'last', 0, 'utf8')
  writeSync(fd, Buffer.from('end!'), 0, 4, 32 * 1024 * 1024 - 4)
  closeSync(fd)

  for (const [format, qemuFormat] of [['qcow2', 'qcow2'], ['qcow2-compressed', 'qcow2'], ['vdi', 'vdi'], ['vpc', 'vpc'], ['vmdk', 'vmdk']] as const) {
    it(`writes ${format} that qemu-img finds identical to the raw image`, async () => {
      const out = join(dir, `out.${format}`)
      const t = io()
      expect(await runConvert([raw, '--format', format, '--out', out], t.io)).toBe(0)
      expect(t.out.stdout).toBe(`${out}\n`)
      expect(execFileSync('qemu-img', ['compare', '-f', 'raw', '-F', qemuFormat, raw, out], { encoding: 'utf8' })).toMatch(/Images are identical/)
    })
  }

  it('--compress zstd writes a qcow2 whose compression type qemu-img reports as zstd; --compress lz4 is refused with exit 1', async () => {
    const out = join(dir, 'out-zstd.qcow2')
    const t = io()
    expect(await runConvert([raw, '--format', 'qcow2-compressed', '--compress', 'zstd', '--out', out], t.io)).toBe(0)
    expect(execFileSync('qemu-img', ['compare', '-f', 'raw', '-F', 'qcow2', raw, out], { encoding: 'utf8' })).toMatch(/Images are identical/)
    expect(execFileSync('qemu-img', ['info', out], { encoding: 'utf8' })).toMatch(/compression type: zstd/)
    const u = io()
    expect(await runConvert([raw, '--format', 'qcow2-compressed', '--compress', 'lz4', '--out', join(dir, 'lz4.qcow2')], u.io)).toBe(1)
    expect(u.out.stderr).toMatch(/compress.*lz4.*'deflate', 'zlib' or 'zstd'/)
    expect(existsSync(join(dir, 'lz4.qcow2'))).toBe(false)
  })

  it('refuses an unknown format and a missing --out with exit 2', async () => {
    const t = io()
    expect(await runConvert([raw, '--format', 'vhd', '--out', join(dir, 'x')], t.io)).toBe(2)
    expect(t.out.stderr).toMatch(/--format is "vhd"; use one of raw, qcow2, qcow2-compressed, vdi, vpc, vmdk/)
    const u = io()
    expect(await runConvert([raw, '--format', 'vdi'], u.io)).toBe(2)
    expect(u.out.stderr).toMatch(/--out FILE/)
    expect(existsSync(join(dir, 'x'))).toBe(false)
  })

  it('--threads 2 writes the same bytes as --threads 1; --threads 0 is refused with exit 2', async () => {
    const outs = ['1', '2'].map((threads) => join(dir, `threads-${threads}.qcow2`))
    for (const [i, threads] of ['1', '2'].entries()) {
      expect(await runConvert([raw, '--format', 'qcow2-compressed', '--threads', threads, '--out', outs[i]!], io().io)).toBe(0)
    }
    expect(execFileSync('cmp', outs, { encoding: 'utf8' })).toBe('')
    const t = io()
    expect(await runConvert([raw, '--format', 'qcow2-compressed', '--threads', '0', '--out', join(dir, 't0.qcow2')], t.io)).toBe(2)
    expect(t.out.stderr).toMatch(/--threads is "0"; give a whole number ≥ 1/)
    expect(existsSync(join(dir, 't0.qcow2'))).toBe(false)
  })

  it('reports a missing input with exit 1 and writes nothing', async () => {
    const t = io()
    const out = join(dir, 'never.qcow2')
    expect(await runConvert([join(dir, 'missing.img'), '--format', 'qcow2', '--out', out], t.io)).toBe(1)
    expect(t.out.stderr).toMatch(/make-disk-image convert: /)
    expect(existsSync(out)).toBe(false)
  })
})
