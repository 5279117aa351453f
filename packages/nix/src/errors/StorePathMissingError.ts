import { NixError } from './NixError.js'

/** A store path of the closure is not on the host under the store directory it is read from. */
export class StorePathMissingError extends NixError<'E_NIX_STORE_PATH_MISSING', { path: string; hostPath: string }> {
  constructor(path: string, hostPath: string) {
    super(
      'E_NIX_STORE_PATH_MISSING',
      `${path} is in the closure but ${hostPath} does not exist; build or copy the closure into that store ` +
        '(nix-store --realise) or point nixos.hostStore at the store directory that holds it',
      { path, hostPath },
    )
  }
}
