import type { ResolvedOptions } from '../options/ImageOptions.js'
import { pinnedIdentifiers, type PinnedIdentifiers } from './pinnedIdentifiers.js'
import { seededIdentifiers } from './seededIdentifiers.js'

/** The identifiers a build writes that come straight from the options (the table's others come from `layout`). */
export interface PlannedIdentifiers {
  /** The seed, when identifiers are derived from one. */
  seed: string | undefined
  /** Unique GUID of the root partition on GPT layouts. */
  rootGPUID: string
  /** ext4 UUID; undefined → random (non-deterministic mode without a seed). */
  rootFSUID: string | undefined
  /** ext4 s_hash_seed; undefined → random. */
  ext4HashSeed: string | undefined
}

/**
 * Chooses rootGPUID, rootFSUID and the ext4 hash seed. Without a seed, the
 * reference's rules: deterministic mode uses rootGPUID and rootFSUID as given
 * or defaulted (the hash seed is rootFSUID), non-deterministic mode leaves the
 * file system's to mke2fs. With a seed — in either mode — every value the user
 * did not pin is derived from it: rootGPUID is the seed's root partition GUID,
 * rootFSUID follows rootGPUID (the reference's default), the hash seed comes
 * from the seed even when rootFSUID is pinned.
 */
export function planIdentifiers(
  options: Pick<ResolvedOptions, 'rootGPUID' | 'rootFSUID' | 'deterministic' | 'seed'>,
  pinned: PinnedIdentifiers = pinnedIdentifiers(options),
): PlannedIdentifiers {
  if (options.seed === null || options.seed === '') {
    const rootFSUID = options.deterministic && options.rootFSUID ? options.rootFSUID : undefined
    return { seed: undefined, rootGPUID: options.rootGPUID, rootFSUID, ext4HashSeed: rootFSUID }
  }
  const seeded = seededIdentifiers(options.seed)
  const rootGPUID = pinned.rootGPUID ? options.rootGPUID : seeded.rootGuid
  const rootFSUID = pinned.rootFSUID && options.rootFSUID ? options.rootFSUID : rootGPUID
  return { seed: options.seed, rootGPUID, rootFSUID, ext4HashSeed: seeded.ext4HashSeed }
}
