import type { Accelerator } from '../qemu/chooseAccelerator.js'
import type { DiskFormat } from '../qemu/buildQemuArgs.js'

/** Options of {@link bootAndWaitForMarker}. */
export interface BootAndWaitOptions {
  /** 'bios': SeaBIOS, QEMU's default; 'uefi': OVMF (code read-only, a private copy of its variable store). */
  firmware: 'bios' | 'uefi'
  /** Text the booted system prints on its first serial port when it is up. */
  marker: string
  /** Give up (kill QEMU, reject) after this long. */
  timeoutMs: number
  /** Image format (default 'raw'): QEMU reads qcow2, vpc (VHD), vdi and vmdk directly. */
  format?: DiskFormat
  /** Guest memory in MiB (default 1024). */
  memSize?: number
  /** OVMF code to use instead of the installed one. */
  firmwareCode?: string
  /**
   * UEFI variable store to boot with, e.g. the efi-vars.fd installBootloader wrote entries into. It is
   * copied first (a boot must not change the caller's file). Default: the installed OVMF template.
   */
  efiVariables?: string
  qemuBinary?: string
  accel?: Accelerator | 'auto'
  /** Directory for temporary files (the variable store copy); they are removed afterwards. */
  tmpDir?: string
  /** Also write the raw serial console here. */
  serialLogPath?: string
}

/** What {@link bootAndWaitForMarker} resolves with. */
export interface BootAndWaitResult {
  /** The serial console up to (and a little past) the marker. */
  serialLog: string
  accel: Accelerator
}
