import { readFile } from 'node:fs/promises'
import { BusyboxNotUsableError } from '../errors/BusyboxNotUsableError.js'

const PT_INTERP = 3
const EM_X86_64 = 62

/**
 * Reads a busybox binary and checks it can run alone in our initramfs: a 64-bit x86 ELF without a
 * program interpreter (PT_INTERP), i.e. statically linked. A dynamic busybox would die at once with
 * "not found" in a guest that has no libc, and that is hard to tell from the serial log.
 */
export async function readStaticBusybox(path: string): Promise<Buffer> {
  const bytes = await readFile(path).catch(() => {
    throw new BusyboxNotUsableError(path, 'missing')
  })
  const isElf64 = bytes.length >= 64 && bytes.readUInt32BE(0) === 0x7f454c46 && bytes[4] === 2 && bytes[5] === 1
  if (!isElf64 || bytes.readUInt16LE(18) !== EM_X86_64) throw new BusyboxNotUsableError(path, 'not-elf')
  const programHeaders = Number(bytes.readBigUInt64LE(32))
  const entrySize = bytes.readUInt16LE(54)
  const count = bytes.readUInt16LE(56)
  for (let i = 0; i < count; i++) {
    const at = programHeaders + i * entrySize
    if (at + 4 > bytes.length) throw new BusyboxNotUsableError(path, 'not-elf')
    if (bytes.readUInt32LE(at) === PT_INTERP) throw new BusyboxNotUsableError(path, 'dynamic')
  }
  return bytes
}
