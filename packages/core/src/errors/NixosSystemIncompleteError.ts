import { DiskImageError } from './DiskImageError.js'

/**
 * The bootloader step of a NixOS image needs what every NixOS system has (config.system.build.toplevel):
 * its kernel and modules, which the VM boots, and `bin/switch-to-configuration`, which it runs.
 */
export class NixosSystemIncompleteError extends DiskImageError<'E_NIXOS_SYSTEM_INCOMPLETE', { toplevel: string; hostStore: string; missing: string[] }> {
  constructor(toplevel: string, hostStore: string, missing: string[]) {
    super(
      'E_NIXOS_SYSTEM_INCOMPLETE',
      `nixos.toplevel: ${toplevel} in ${hostStore} has no ${missing.join(', ')}, which the bootloader step needs ` +
        '(the VM boots the system\'s kernel and runs its switch-to-configuration boot, as the reference does); ' +
        'give a complete system (config.system.build.toplevel), or set installBootLoader to false to build without the bootloader.',
      { toplevel, hostStore, missing },
    )
  }
}
