import { DiskImageError } from './DiskImageError.js'

/** An option that only means something for a NixOS closure (additionalPaths) is set without `nixos`. */
export class NeedsNixosError extends DiskImageError<'E_NEEDS_NIXOS', { option: string }> {
  constructor(option: string) {
    super('E_NEEDS_NIXOS', `${option} only applies to a NixOS closure; set nixos (toplevel and closureInfo) or remove ${option}`, { option })
  }
}
