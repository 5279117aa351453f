import { randomBytes } from 'node:crypto'

/**
 * A random non-zero 32-bit msdos disk signature, as parted writes in
 * non-deterministic mode (zero would mean "no signature" to Windows and
 * would make Linux's PARTUUID=00000000-NN ambiguous).
 */
export function randomDiskSignature(): number {
  for (;;) {
    const value = randomBytes(4).readUInt32LE(0)
    if (value !== 0) return value
  }
}
