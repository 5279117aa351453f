import { DiskImageError } from './DiskImageError.js'

/** A NixOS option (nixos.toplevel, nixos.channel, additionalPaths) holds something that is not a Nix store path. */
export class NotAStorePathError extends DiskImageError<'E_NOT_A_STORE_PATH', { option: string; value: string; reason: string }> {
  constructor(option: string, value: string, reason: string) {
    super(
      'E_NOT_A_STORE_PATH',
      `${option}: ${JSON.stringify(value)} is not a Nix store path (${reason}); give the path nix-build prints, /nix/store/<32-character hash>-<name>`,
      { option, value, reason },
    )
  }
}
