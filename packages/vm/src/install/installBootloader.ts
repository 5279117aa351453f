import { randomBytes } from 'node:crypto'
import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { GuestCommandFailedError } from '../errors/GuestCommandFailedError.js'
import { GuestSetupFailedError } from '../errors/GuestSetupFailedError.js'
import { InvalidVmOptionError } from '../errors/InvalidVmOptionError.js'
import { buildInitramfs } from '../initramfs/buildInitramfs.js'
import { readModuleIndex } from '../initramfs/ModuleIndex.js'
import { readStaticBusybox } from '../initramfs/readStaticBusybox.js'
import { resolveModuleLoadOrder } from '../initramfs/resolveModuleLoadOrder.js'
import { buildQemuArgs } from '../qemu/buildQemuArgs.js'
import { chooseAccelerator } from '../qemu/chooseAccelerator.js'
import { findOvmf } from '../qemu/findOvmf.js'
import { findQemu } from '../qemu/findQemu.js'
import { runVm } from '../qemu/runVm.js'
import { withTempDir } from '../withTempDir.js'
import { findHostBusybox } from './findHostBusybox.js'
import type { InstallBootloaderOptions, InstallBootloaderResult } from './InstallBootloaderOptions.js'
import { readGuestStatus } from './readGuestStatus.js'
import { validateInstallOptions } from './validateInstallOptions.js'
import { wantedModules } from './wantedModules.js'

const DEFAULT_TIMEOUT_MS = 600_000
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
/** A NixOS system's programs, once activated (the activation links /run/current-system). */
const NIXOS_PATH = `/run/wrappers/bin:/run/current-system/sw/bin:/run/current-system/sw/sbin:${DEFAULT_PATH}`
/** After reporting, /init powers off at once; QEMU's own exit flushes the disk, so wait for it a little. */
const POWEROFF_GRACE_MS = 30_000

/** A readable file is needed before QEMU starts, so a wrong path fails with the option's name. */
async function assertFile(path: string, option: string, expected: string): Promise<void> {
  const isFile = await stat(path).then((s) => s.isFile(), () => false)
  if (!isFile) throw new InvalidVmOptionError(option, path, expected)
}

/**
 * Runs the image's bootloader installer in a throwaway QEMU VM, as the reference's VM step does.
 *
 * The VM boots `kernel` with an initramfs we write (static busybox + the modules from `modulesDir`),
 * sees the image as /dev/vda, mounts `mounts` under /mnt (root first), binds /dev /proc /sys, links
 * `grubDevices` to /dev/vda, mounts efivarfs when `efi` is given (OVMF code read-only, the variable
 * store writable: the reference's touchEFIVars), runs `command` with the image's /bin/sh chrooted in
 * /mnt, unmounts, and prints `diskimage-vm-<random nonce>: exit <status>` on the serial console,
 * which is how the status comes back to the host.
 *
 * The image is modified in place (pass a temporary copy; on failure, delete it). The VM's own
 * temporary files are always removed.
 *
 * @throws InvalidVmOptionError before anything starts; QemuNotFoundError, FirmwareNotFoundError,
 *   BusyboxNotUsableError, KernelModuleNotFoundError; GuestSetupFailedError, GuestCommandFailedError,
 *   VmStoppedEarlyError and VmTimeoutError (with the serial log's last lines) after.
 *
 * @example
 * await installBootloader('/tmp/image.raw.tmp', {
 *   command: 'grub-install --target=i386-pc /dev/vda && update-grub',
 *   kernel: `${tree}/boot/vmlinuz-6.1.0-50-amd64`,
 *   modulesDir: `${tree}/lib/modules/6.1.0-50-amd64`,
 *   mounts: [{ partition: 1, mountPoint: '/', fsType: 'ext4' }],
 * })
 */
export async function installBootloader(imagePath: string, options: InstallBootloaderOptions): Promise<InstallBootloaderResult> {
  validateInstallOptions(options)
  await assertFile(imagePath, 'imagePath', 'an existing disk image file')
  await assertFile(options.kernel, 'kernel', 'a readable kernel image file')
  if (options.initrd !== undefined) await assertFile(options.initrd, 'initrd', 'a readable initramfs archive')
  const qemu = await findQemu(options.qemuBinary)
  const accel = await chooseAccelerator(options.accel ?? 'auto', qemu)
  const ovmf = options.efi ? await findOvmf({ code: options.efi.firmwareCode, variables: options.efi.variables }) : undefined
  const busybox = await readStaticBusybox(options.busybox ?? (await findHostBusybox()))
  const index = await readModuleIndex(options.modulesDir).catch(() => {
    throw new InvalidVmOptionError('modulesDir', options.modulesDir, 'a /lib/modules/<version> directory with modules.dep (run depmod)')
  })
  const modules = resolveModuleLoadOrder(index, wantedModules(options.mounts, ovmf !== undefined))
  const nonce = randomBytes(8).toString('hex')
  const mounts = [...options.mounts]
    .sort((a, b) => a.mountPoint.split('/').filter(Boolean).length - b.mountPoint.split('/').filter(Boolean).length)
    .map((m) => ({
      device: m.partition === 0 ? '/dev/vda' : `/dev/vda${m.partition}`,
      target: `/mnt${m.mountPoint === '/' ? '' : m.mountPoint.replace(/\/+$/, '')}`,
      fsType: m.fsType,
    }))
  const initramfs = await buildInitramfs({
    busybox,
    modulesDir: options.modulesDir,
    modules,
    command: options.command,
    plan: {
      nonce,
      mounts,
      efivars: ovmf !== undefined,
      grubDevices: (options.grubDevices ?? []).filter((device) => device !== '/dev/vda'),
      env: { PATH: options.nixosEnter ? NIXOS_PATH : DEFAULT_PATH, HOME: '/root', ...options.env },
      ...(options.nixosEnter ? { nixosSystem: options.nixosEnter.system } : {}),
    },
  })

  return withTempDir(options.tmpDir, async (dir) => {
    const initrd = join(dir, 'initramfs.cpio')
    const extra = options.initrd === undefined ? [] : [await readFile(options.initrd)]
    await writeFile(initrd, Buffer.concat([initramfs, ...extra]))
    const args = buildQemuArgs({
      accel,
      memMiB: options.memSize ?? 1024,
      cpus: options.cpus ?? 1,
      disk: { path: imagePath, format: options.format ?? 'raw' },
      firmware: ovmf ? { type: 'uefi', code: ovmf.code, variables: ovmf.variables } : { type: 'bios' },
      directKernel: { kernel: options.kernel, initrd, append: 'console=ttyS0,115200 panic=-1 loglevel=4 rdinit=/init' },
    })
    const { found, serial } = await runVm({
      qemu,
      args,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      detect: (text) => readGuestStatus(text, nonce),
      waitingFor: 'the bootloader command to finish',
      graceMs: POWEROFF_GRACE_MS,
      serialLogPath: options.serialLogPath,
    })
    if (found.kind === 'setup-failed') throw new GuestSetupFailedError(found.step, serial.tail())
    if (found.status !== 0) throw new GuestCommandFailedError(options.command, found.status, serial.tail())
    return { serialLog: serial.contents, accel }
  })
}
