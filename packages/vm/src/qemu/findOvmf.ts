import { access } from 'node:fs/promises'
import { FirmwareNotFoundError } from '../errors/FirmwareNotFoundError.js'

/** An OVMF build: the read-only code and the template of its variable store (they must come as a pair). */
export interface OvmfFiles {
  code: string
  variables: string
}

/**
 * Where distributions install OVMF, best first. Code and variables must have the same flash layout
 * (a 4M code with a 4M store), hence pairs. The secure-boot builds are left out: they need SMM.
 */
export const OVMF_CANDIDATES: readonly OvmfFiles[] = [
  { code: '/usr/share/OVMF/OVMF_CODE_4M.fd', variables: '/usr/share/OVMF/OVMF_VARS_4M.fd' }, // Debian ≥ 12, Ubuntu ≥ 22.04 (ovmf)
  { code: '/usr/share/OVMF/OVMF_CODE.fd', variables: '/usr/share/OVMF/OVMF_VARS.fd' }, // older Debian/Ubuntu
  { code: '/usr/share/edk2/ovmf/OVMF_CODE.fd', variables: '/usr/share/edk2/ovmf/OVMF_VARS.fd' }, // Fedora (edk2-ovmf)
  { code: '/usr/share/edk2/x64/OVMF_CODE.4m.fd', variables: '/usr/share/edk2/x64/OVMF_VARS.4m.fd' }, // Arch (edk2-ovmf)
  { code: '/opt/homebrew/share/qemu/edk2-x86_64-code.fd', variables: '/opt/homebrew/share/qemu/edk2-i386-vars.fd' }, // Homebrew (qemu)
  { code: '/usr/local/share/qemu/edk2-x86_64-code.fd', variables: '/usr/local/share/qemu/edk2-i386-vars.fd' }, // Homebrew on Intel
]

const exists = (path: string) => access(path).then(() => true, () => false)

/**
 * Returns the OVMF files to use: each one the caller gave, the rest from the first installed pair.
 * Throws FirmwareNotFoundError (naming the ovmf package) when none is found.
 */
export async function findOvmf(given: Partial<OvmfFiles> = {}): Promise<OvmfFiles> {
  for (const [part, path] of [['code', given.code], ['variables', given.variables]] as const) {
    if (path !== undefined && !(await exists(path))) throw new FirmwareNotFoundError(part, [path])
  }
  if (given.code !== undefined && given.variables !== undefined) return { code: given.code, variables: given.variables }
  for (const candidate of OVMF_CANDIDATES) {
    if ((await exists(candidate.code)) && (await exists(candidate.variables))) {
      return { code: given.code ?? candidate.code, variables: given.variables ?? candidate.variables }
    }
  }
  const missing = given.code === undefined ? 'code' : 'variables'
  throw new FirmwareNotFoundError(missing, OVMF_CANDIDATES.map((c) => c[missing]))
}
