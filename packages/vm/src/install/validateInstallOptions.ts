import { InvalidVmOptionError } from '../errors/InvalidVmOptionError.js'
import type { InstallBootloaderOptions } from './InstallBootloaderOptions.js'

/** Paths we put in /init: plain absolute paths, so nothing in them is special to the shell or mount. */
const SAFE_PATH = /^\/[A-Za-z0-9._+@/-]*$/
const FS_TYPE = /^[a-z0-9_]+$/
/** A device path for grubDevices: by-path names carry colons (pci-0000:00:04.0); /init quotes it. */
const DEVICE_PATH = /^\/dev\/[A-Za-z0-9._+@:/-]+$/
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

function check(ok: boolean, option: string, value: unknown, expected: string): void {
  if (!ok) throw new InvalidVmOptionError(option, value, expected)
}

const isPositiveInteger = (value: unknown) => Number.isInteger(value) && (value as number) > 0

/** Checks every option of installBootloader before anything is started; throws InvalidVmOptionError. */
export function validateInstallOptions(options: InstallBootloaderOptions): void {
  check(typeof options.command === 'string' && options.command.trim() !== '', 'command', options.command, 'a non-empty shell command')
  check(typeof options.kernel === 'string' && options.kernel !== '', 'kernel', options.kernel, 'the path of a kernel image (e.g. /boot/vmlinuz-<version> of the tree)')
  check(typeof options.modulesDir === 'string' && options.modulesDir !== '', 'modulesDir', options.modulesDir, 'the /lib/modules/<version> directory of that kernel')
  check(Array.isArray(options.mounts) && options.mounts.length > 0, 'mounts', options.mounts, 'a non-empty list of { partition, mountPoint, fsType }')
  options.mounts.forEach((mount, i) => {
    check(Number.isInteger(mount.partition) && mount.partition >= 0 && mount.partition <= 128, `mounts[${i}].partition`, mount.partition, 'a partition number 1..128, or 0 for the whole disk')
    check(SAFE_PATH.test(mount.mountPoint) && !mount.mountPoint.split('/').includes('..'), `mounts[${i}].mountPoint`, mount.mountPoint, "an absolute path such as '/', '/boot' or '/efi'")
    check(FS_TYPE.test(mount.fsType), `mounts[${i}].fsType`, mount.fsType, "a kernel filesystem type such as 'ext4' or 'vfat'")
  })
  const roots = options.mounts.filter((m) => m.mountPoint === '/').length
  check(roots === 1, 'mounts', options.mounts, "a list with exactly one mount at '/' (the root the command is chrooted in)")
  const points = options.mounts.map((m) => m.mountPoint.replace(/(.)\/+$/, '$1'))
  check(new Set(points).size === points.length, 'mounts', options.mounts, 'a list with each mountPoint once')
  const partitions = options.mounts.map((m) => m.partition)
  check(new Set(partitions).size === partitions.length, 'mounts', options.mounts, 'a list with each partition once')
  if (options.memSize !== undefined) check(isPositiveInteger(options.memSize) && options.memSize >= 256, 'memSize', options.memSize, 'a whole number of MiB, at least 256')
  if (options.cpus !== undefined) check(isPositiveInteger(options.cpus), 'cpus', options.cpus, 'a positive whole number')
  if (options.timeoutMs !== undefined) check(isPositiveInteger(options.timeoutMs), 'timeoutMs', options.timeoutMs, 'a positive number of milliseconds')
  for (const [i, device] of (options.grubDevices ?? []).entries()) {
    check(DEVICE_PATH.test(device) && !device.split('/').includes('..'), `grubDevices[${i}]`, device, 'a device path under /dev, such as /dev/sda')
  }
  if (options.nixosEnter !== undefined) {
    const system = options.nixosEnter.system
    check(typeof system === 'string' && SAFE_PATH.test(system) && !system.split('/').includes('..'), 'nixosEnter.system', system, 'the system profile inside the image, an absolute path such as /nix/var/nix/profiles/system')
  }
  for (const name of Object.keys(options.env ?? {})) check(ENV_NAME.test(name), `env.${name}`, name, 'a variable name of letters, digits and _')
  if (options.efi !== undefined) check(typeof options.efi.variables === 'string' && options.efi.variables !== '', 'efi.variables', options.efi.variables, 'the path of the image\'s writable EFI variable store (a copy of OVMF_VARS)')
  if (options.accel !== undefined) check(['auto', 'kvm', 'tcg'].includes(options.accel), 'accel', options.accel, "'auto', 'kvm' or 'tcg'")
  if (options.format !== undefined) check(['raw', 'qcow2'].includes(options.format), 'format', options.format, "'raw' or 'qcow2'")
}
