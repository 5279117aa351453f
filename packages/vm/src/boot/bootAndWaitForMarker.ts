import { copyFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { InvalidVmOptionError } from '../errors/InvalidVmOptionError.js'
import { buildQemuArgs } from '../qemu/buildQemuArgs.js'
import { chooseAccelerator } from '../qemu/chooseAccelerator.js'
import { findOvmf } from '../qemu/findOvmf.js'
import { findQemu } from '../qemu/findQemu.js'
import { runVm } from '../qemu/runVm.js'
import { withTempDir } from '../withTempDir.js'
import type { BootAndWaitOptions, BootAndWaitResult } from './BootAndWaitOptions.js'

const FORMATS = ['raw', 'qcow2', 'vpc', 'vdi', 'vmdk']

/** True when `marker` has been printed and the line it is on has ended. */
export function markerLineComplete(text: string, marker: string): boolean {
  const at = text.indexOf(marker)
  return at >= 0 && text.includes('\n', at + marker.length)
}

function validate(imagePath: string, options: BootAndWaitOptions): void {
  const fail = (option: string, value: unknown, expected: string) => {
    throw new InvalidVmOptionError(option, value, expected)
  }
  if (typeof imagePath !== 'string' || imagePath === '') fail('imagePath', imagePath, 'the path of a disk image')
  if (!['bios', 'uefi'].includes(options.firmware)) fail('firmware', options.firmware, "'bios' or 'uefi'")
  if (typeof options.marker !== 'string' || options.marker === '') fail('marker', options.marker, 'a non-empty string')
  if (!Number.isInteger(options.timeoutMs) || options.timeoutMs <= 0) fail('timeoutMs', options.timeoutMs, 'a positive number of milliseconds')
  if (options.format !== undefined && !FORMATS.includes(options.format)) fail('format', options.format, FORMATS.join(', '))
  if (options.memSize !== undefined && (!Number.isInteger(options.memSize) || options.memSize < 256)) fail('memSize', options.memSize, 'a whole number of MiB, at least 256')
  if (options.firmware === 'bios' && (options.efiVariables ?? options.firmwareCode) !== undefined) {
    fail('firmware', options.firmware, "'uefi' when efiVariables or firmwareCode is given")
  }
}

/**
 * Boots a disk image in QEMU from its own bootloader (SeaBIOS or OVMF; the image is virtio disk
 * /dev/vda) and resolves once a line holding `marker` has been printed on the serial console, then
 * stops the VM. This is the proof that an image boots. Rejects with VmTimeoutError (QEMU killed) when the marker does not show
 * within timeoutMs, or VmStoppedEarlyError when QEMU exits first; both quote the console's last lines.
 * The image may be written to by the guest (as on a real boot); temporary files are removed.
 *
 * @example
 * await bootAndWaitForMarker('disk.qcow2', { firmware: 'uefi', format: 'qcow2', marker: 'login:', timeoutMs: 300_000 })
 */
export async function bootAndWaitForMarker(imagePath: string, options: BootAndWaitOptions): Promise<BootAndWaitResult> {
  validate(imagePath, options)
  const isFile = await stat(imagePath).then((s) => s.isFile(), () => false)
  if (!isFile) throw new InvalidVmOptionError('imagePath', imagePath, 'an existing disk image file')
  const qemu = await findQemu(options.qemuBinary)
  const accel = await chooseAccelerator(options.accel ?? 'auto', qemu)
  const ovmf = options.firmware === 'uefi' ? await findOvmf({ code: options.firmwareCode, variables: options.efiVariables }) : undefined

  return withTempDir(options.tmpDir, async (dir) => {
    let firmware: Parameters<typeof buildQemuArgs>[0]['firmware'] = { type: 'bios' }
    if (ovmf) {
      const variables = join(dir, 'efi-vars.fd')
      await copyFile(ovmf.variables, variables)
      firmware = { type: 'uefi', code: ovmf.code, variables }
    }
    const args = buildQemuArgs({
      accel,
      memMiB: options.memSize ?? 1024,
      cpus: 1,
      disk: { path: imagePath, format: options.format ?? 'raw' },
      firmware,
    })
    const { serial } = await runVm({
      qemu,
      args,
      timeoutMs: options.timeoutMs,
      // Wait for the end of the marker's line: the text after it (e.g. what it reports) may arrive in
      // the next chunk, and QEMU is stopped as soon as this matches.
      detect: (text) => (markerLineComplete(text, options.marker) ? true : undefined),
      waitingFor: `the marker "${options.marker}" on the serial console`,
      graceMs: 0,
      serialLogPath: options.serialLogPath,
    })
    return { serialLog: serial.contents, accel }
  })
}
