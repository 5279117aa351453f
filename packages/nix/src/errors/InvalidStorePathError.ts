import { NixError } from './NixError.js'

/** A string given as a store path is not `/nix/store/<32 base-32 characters>-<name>`. */
export class InvalidStorePathError extends NixError<'E_NIX_INVALID_STORE_PATH', { where: string; path: string; reason: string }> {
  constructor(where: string, path: string, reason: string) {
    super(
      'E_NIX_INVALID_STORE_PATH',
      `${where}: ${JSON.stringify(path)} is not a Nix store path (${reason}); ` +
        'give a path like /nix/store/<32-character hash>-<name>, as nix-build prints it',
      { where, path, reason },
    )
  }
}
