import { NixError } from './NixError.js'

/**
 * A store path the image needs (a root such as the toplevel, or a reference of a path
 * in the closure) has no entry in the registration, so its hash and references are
 * unknown and the Nix database could not be written.
 */
export class UnregisteredPathError extends NixError<'E_NIX_UNREGISTERED_PATH', { where: string; path: string; registration: string }> {
  constructor(where: string, path: string, registration: string) {
    super(
      'E_NIX_UNREGISTERED_PATH',
      `${where}: ${path} is not in ${registration}; make the closure info from roots that include it ` +
        '(pkgs.closureInfo { rootPaths = [ toplevel channel ] ++ additionalPaths; })',
      { where, path, registration },
    )
  }
}
