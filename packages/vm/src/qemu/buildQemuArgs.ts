import type { Accelerator } from './chooseAccelerator.js'

/** Disk image formats QEMU reads directly (vpc is VHD). */
export type DiskFormat = 'raw' | 'qcow2' | 'vpc' | 'vdi' | 'vmdk'

/** A VM as {@link buildQemuArgs} describes it. */
export interface VmSpec {
  accel: Accelerator
  memMiB: number
  cpus: number
  /** The disk, attached as virtio-blk: the guest sees it as /dev/vda. */
  disk: { path: string; format: DiskFormat }
  /** SeaBIOS (QEMU's default BIOS), or OVMF with its code read-only and a writable variable store. */
  firmware: { type: 'bios' } | { type: 'uefi'; code: string; variables: string }
  /** Boot this kernel directly (QEMU's -kernel), instead of the disk's bootloader. */
  directKernel?: { kernel: string; initrd: string; append: string }
}

/** In -drive values a comma separates options; a literal comma in a file name is written twice. */
const drivePath = (path: string) => path.replaceAll(',', ',,')

/**
 * The qemu-system-x86_64 command line for a VM whose only console is the first serial port, on
 * QEMU's stdout. No user config, no default devices, no display, and -no-reboot so a guest reboot
 * or kernel panic (panic=-1) ends QEMU instead of looping.
 */
export function buildQemuArgs(spec: VmSpec): string[] {
  const args = [
    '-nodefaults', '-no-user-config', '-display', 'none', '-no-reboot',
    '-machine', `q35,accel=${spec.accel}`,
    '-cpu', spec.accel === 'kvm' ? 'host' : 'max',
    '-m', String(spec.memMiB),
    '-smp', String(spec.cpus),
    '-serial', 'stdio',
  ]
  if (spec.firmware.type === 'uefi') {
    args.push(
      '-drive', `if=pflash,format=raw,unit=0,readonly=on,file=${drivePath(spec.firmware.code)}`,
      '-drive', `if=pflash,format=raw,unit=1,file=${drivePath(spec.firmware.variables)}`,
    )
  }
  args.push('-drive', `if=virtio,format=${spec.disk.format},cache=writeback,file=${drivePath(spec.disk.path)}`)
  if (spec.directKernel) {
    args.push('-kernel', spec.directKernel.kernel, '-initrd', spec.directKernel.initrd, '-append', spec.directKernel.append)
  }
  return args
}
