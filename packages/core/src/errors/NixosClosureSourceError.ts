import { DiskImageError } from './DiskImageError.js'

/** `nixos` must name its closure's registration one way: closureInfo, or registration (with storePaths). */
export class NixosClosureSourceError extends DiskImageError<'E_NIXOS_CLOSURE_SOURCE', { given: string[] }> {
  constructor(given: string[]) {
    super(
      'E_NIXOS_CLOSURE_SOURCE',
      (given.length === 0 ? 'nixos: no closure is given' : `nixos: ${given.join(' and ')} cannot be combined`) +
        '; set nixos.closureInfo to the pkgs.closureInfo output, or nixos.registration to a registration file ' +
        '(nixos.storePaths only with nixos.registration)',
      { given },
    )
  }
}
