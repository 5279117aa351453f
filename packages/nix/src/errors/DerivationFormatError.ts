import { NixError } from './NixError.js'

/**
 * A `.drv` path of the closure is not a derivation in ATerm form. Nix reads every
 * registered .drv to fill the DerivationOutputs table, and refuses to register one it
 * cannot parse; so do we.
 */
export class DerivationFormatError extends NixError<'E_NIX_DERIVATION_FORMAT', { path: string; reason: string }> {
  constructor(path: string, reason: string) {
    super(
      'E_NIX_DERIVATION_FORMAT',
      `${path}: not a Nix derivation (${reason}); leave .drv files out of the closure or give the file nix-instantiate wrote`,
      { path, reason },
    )
  }
}
