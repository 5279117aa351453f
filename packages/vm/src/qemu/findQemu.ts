import { constants } from 'node:fs'
import { access } from 'node:fs/promises'
import { delimiter, join } from 'node:path'
import { QemuNotFoundError } from '../errors/QemuNotFoundError.js'

/** The QEMU system emulator we drive: the guest is always x86-64. */
export const QEMU_BINARY = 'qemu-system-x86_64'

const isExecutable = (path: string) => access(path, constants.X_OK).then(() => true, () => false)

/**
 * Returns the path of qemu-system-x86_64: `explicit` when given (a path, or a name looked up in PATH),
 * else the first one in PATH. Throws QemuNotFoundError naming the package to install.
 */
export async function findQemu(explicit?: string): Promise<string> {
  const wanted = explicit ?? QEMU_BINARY
  if (wanted.includes('/')) {
    if (await isExecutable(wanted)) return wanted
    throw new QemuNotFoundError(wanted, [wanted])
  }
  const searched = (process.env.PATH ?? '').split(delimiter).filter(Boolean)
  for (const dir of searched) {
    const candidate = join(dir, wanted)
    if (await isExecutable(candidate)) return candidate
  }
  throw new QemuNotFoundError(wanted, searched)
}
