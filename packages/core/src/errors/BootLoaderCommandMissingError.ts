import { DiskImageError } from './DiskImageError.js'

/**
 * installBootLoader was asked for explicitly, but there is no installer to run:
 * the reference runs NixOS's switch-to-configuration, which a plain root tree
 * does not have.
 */
export class BootLoaderCommandMissingError extends DiskImageError<'E_BOOTLOADER_COMMAND_MISSING', { installBootLoader: true }> {
  constructor() {
    super(
      'E_BOOTLOADER_COMMAND_MISSING',
      'installBootLoader is true but bootLoaderCommand is not set; give the installer to run in the VM ' +
        '(e.g. bootLoaderCommand: "grub-install --target=i386-pc /dev/vda && update-grub"), or set installBootLoader to false.',
      { installBootLoader: true },
    )
  }
}
