import { VmError } from './VmError.js'

/** The UEFI firmware (OVMF code or its variable store template) is missing. */
export class FirmwareNotFoundError extends VmError<'E_FIRMWARE_NOT_FOUND', { part: 'code' | 'variables'; searched: string[] }> {
  constructor(part: 'code' | 'variables', searched: string[]) {
    super(
      'E_FIRMWARE_NOT_FOUND',
      `No OVMF ${part === 'code' ? 'firmware code' : 'variable store'} file found (looked for ${searched.join(', ')}): ` +
        'install OVMF (Debian/Ubuntu: apt-get install ovmf; macOS: brew install qemu) or pass the file path ' +
        `(${part === 'code' ? 'efi.firmwareCode / firmwareCode' : 'efi.variables / efiVariables'}).`,
      { part, searched },
    )
  }
}
