import { DiskImageError } from './DiskImageError.js'

/**
 * The reference's assert: a Nix-store-only image copies root/nix/store to / and
 * does nothing else, so contents, configFile and installBootLoader cannot apply.
 */
export class OnlyNixStoreConflictError extends DiskImageError<'E_ONLY_NIX_STORE_CONFLICT', { conflicting: string[] }> {
  constructor(conflicting: string[]) {
    super(
      'E_ONLY_NIX_STORE_CONFLICT',
      `onlyNixStore: true cannot be combined with ${conflicting.join(', ')}; ` +
        'remove those (contents must be [], configFile null, installBootLoader false) or set onlyNixStore to false',
      { conflicting },
    )
  }
}
