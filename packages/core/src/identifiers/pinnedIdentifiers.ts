import { DEFAULT_ROOT_GPUID } from '../options/defaults.js'
import type { ResolvedOptions } from '../options/ImageOptions.js'

/** Which identifiers the user chose; a chosen one wins over the seed. */
export interface PinnedIdentifiers {
  rootGPUID: boolean
  rootFSUID: boolean
}

/**
 * Tells from resolved options which identifiers the user pinned. Resolved
 * options no longer say whether a value was typed or defaulted, so: rootGPUID
 * counts as pinned when it differs from the reference's default, rootFSUID when
 * it is set and differs from rootGPUID (its default). A rootFSUID equal to
 * rootGPUID needs no pin: it follows rootGPUID, pinned or derived, exactly as
 * the reference's default does.
 */
export function pinnedIdentifiers(options: Pick<ResolvedOptions, 'rootGPUID' | 'rootFSUID'>): PinnedIdentifiers {
  const rootGPUID = options.rootGPUID.toUpperCase() !== DEFAULT_ROOT_GPUID
  const rootFSUID = options.rootFSUID !== null && options.rootFSUID.toUpperCase() !== options.rootGPUID.toUpperCase()
  return { rootGPUID, rootFSUID }
}

/**
 * Which identifiers the user pinned, read from the options as given (before
 * resolveOptions fills in defaults) — exact, unlike {@link pinnedIdentifiers}:
 * a value typed equal to the default still counts as pinned.
 */
export function pinnedInOptions(given: Partial<Pick<ResolvedOptions, 'rootGPUID' | 'rootFSUID'>>): PinnedIdentifiers {
  return { rootGPUID: given.rootGPUID !== undefined, rootFSUID: given.rootFSUID !== undefined && given.rootFSUID !== null }
}
