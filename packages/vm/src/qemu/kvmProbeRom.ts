/** What the probe firmware prints on the first serial port when its code ran. */
export const KVM_PROBE_MESSAGE = 'diskimage-kvm-ok'

const ROM_SIZE = 0x10000 // QEMU wants a -bios image of a whole number of 64 KiB
const CODE_AT = 0xff00
const RESET_VECTOR = 0xfff0 // the CPU starts at 0xFFFFFFF0: the ROM's last 16 bytes

/**
 * A 64 KiB x86 firmware image that writes {@link KVM_PROBE_MESSAGE} to COM1 (port 0x3F8; QEMU's UART
 * transmits without any setup) and halts. Booting it proves the accelerator can create and run a vCPU
 * with our -cpu model, which /dev/kvm's permissions alone do not (nested hosts often fail here).
 */
export function kvmProbeRom(): Buffer {
  const rom = Buffer.alloc(ROM_SIZE)
  const code = [0xba, 0xf8, 0x03] // mov dx, 0x3f8
  for (const byte of Buffer.from(`${KVM_PROBE_MESSAGE}\n`)) code.push(0xb0, byte, 0xee) // mov al, byte; out dx, al
  code.push(0xfa, 0xf4, 0xeb, 0xfd) // cli; hlt; jmp back to hlt
  Buffer.from(code).copy(rom, CODE_AT)
  const rel = CODE_AT - (RESET_VECTOR + 3) // jmp near, relative to the next instruction
  Buffer.from([0xe9, rel & 0xff, (rel >> 8) & 0xff]).copy(rom, RESET_VECTOR)
  return rom
}
