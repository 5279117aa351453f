import { describe, expect, it } from 'vitest'
import { InvalidVmOptionError } from '../errors/InvalidVmOptionError.js'
import { installBootloader } from './installBootloader.js'
import type { InstallBootloaderOptions } from './InstallBootloaderOptions.js'
import { validateInstallOptions } from './validateInstallOptions.js'

const good: InstallBootloaderOptions = {
  command: 'update-grub',
  kernel: '/boot/vmlinuz',
  modulesDir: '/lib/modules/6.1.0',
  mounts: [
    { partition: 2, mountPoint: '/', fsType: 'ext4' },
    { partition: 1, mountPoint: '/boot', fsType: 'vfat' },
  ],
}

function optionRejected(options: InstallBootloaderOptions): string {
  try {
    validateInstallOptions(options)
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidVmOptionError)
    const typed = error as InvalidVmOptionError
    expect(typed.code).toBe('E_INVALID_VM_OPTION')
    expect(typed.message).toContain(typed.data.option)
    return typed.data.option
  }
  throw new Error('expected InvalidVmOptionError')
}

describe('validateInstallOptions', () => {
  it('accepts a complete set of options', () => {
    expect(() => validateInstallOptions(good)).not.toThrow()
    expect(() => validateInstallOptions({ ...good, efi: { variables: '/x/efi-vars.fd' }, grubDevices: ['/dev/sda'], memSize: 512 })).not.toThrow()
  })

  it('names the option that is wrong', () => {
    expect(optionRejected({ ...good, command: ' ' })).toBe('command')
    expect(optionRejected({ ...good, mounts: [] })).toBe('mounts')
    expect(optionRejected({ ...good, mounts: [{ partition: 1, mountPoint: '/boot', fsType: 'vfat' }] })).toBe('mounts')
    expect(optionRejected({ ...good, mounts: [...good.mounts, { partition: 3, mountPoint: '/', fsType: 'ext4' }] })).toBe('mounts')
    expect(optionRejected({ ...good, mounts: [...good.mounts, { partition: 2, mountPoint: '/efi', fsType: 'vfat' }] })).toBe('mounts')
    expect(optionRejected({ ...good, mounts: [{ partition: 2, mountPoint: '/; rm -rf /', fsType: 'ext4' }] })).toBe('mounts[0].mountPoint')
    expect(optionRejected({ ...good, mounts: [{ partition: 2, mountPoint: '/../etc', fsType: 'ext4' }] })).toBe('mounts[0].mountPoint')
    expect(optionRejected({ ...good, mounts: [{ partition: 200, mountPoint: '/', fsType: 'ext4' }] })).toBe('mounts[0].partition')
    expect(optionRejected({ ...good, mounts: [{ partition: 1, mountPoint: '/', fsType: 'ext4 -o x' }] })).toBe('mounts[0].fsType')
    expect(optionRejected({ ...good, memSize: 64 })).toBe('memSize')
    expect(optionRejected({ ...good, timeoutMs: 0 })).toBe('timeoutMs')
    expect(optionRejected({ ...good, grubDevices: ['sda'] })).toBe('grubDevices[0]')
    expect(optionRejected({ ...good, env: { 'BAD NAME': 'x' } })).toBe('env.BAD NAME')
    expect(optionRejected({ ...good, accel: 'hvf' as never })).toBe('accel')
  })

  it('is checked by installBootloader before anything else, even QEMU lookup', async () => {
    await expect(installBootloader('/nonexistent.raw', { ...good, command: '', qemuBinary: '/nonexistent/qemu' })).rejects.toBeInstanceOf(
      InvalidVmOptionError,
    )
    // A missing image is an option error too, found before QEMU is looked for.
    await expect(installBootloader('/nonexistent.raw', { ...good, qemuBinary: '/nonexistent/qemu' })).rejects.toMatchObject({
      code: 'E_INVALID_VM_OPTION',
      data: { option: 'imagePath' },
    })
  })
})
