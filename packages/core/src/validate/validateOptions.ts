import { InvalidOptionsError } from '../errors/InvalidOptionsError.js'
import type { DiskImageError } from '../errors/DiskImageError.js'
import { findUnknownOptions } from '../options/findUnknownOptions.js'
import type { ResolvedOptions } from '../options/ImageOptions.js'
import { checkChoices } from './checkChoices.js'
import { checkContents } from './checkContents.js'
import { checkIdentifiers } from './checkIdentifiers.js'
import { checkNixos } from './checkNixos.js'
import { checkOptionTypes } from './checkOptionTypes.js'
import { checkPaths } from './checkPaths.js'
import { checkPostVM } from './checkPostVM.js'
import { checkOutputOutsideTrees } from './checkOutputOutsideTrees.js'
import { checkReferenceAsserts } from './checkReferenceAsserts.js'
import { checkSizes } from './checkSizes.js'

/**
 * Every problem with resolved options, each a typed error (see src/errors/), in a
 * stable order: unknown keys, types, choices, the reference's asserts, sizes,
 * identifiers, contents, host paths, the NixOS inputs, postVM's syntax. Reads the file system (stat
 * only) and runs `bash -n` on postVM (parses, runs nothing).
 */
export function findOptionIssues(options: ResolvedOptions): DiskImageError[] {
  return [
    ...findUnknownOptions(options),
    ...checkOptionTypes(options as unknown as Record<string, unknown>),
    ...checkChoices(options),
    ...checkReferenceAsserts(options),
    ...checkSizes(options),
    ...checkIdentifiers(options),
    ...checkContents(options.contents),
    ...checkPaths(options),
    ...checkOutputOutsideTrees(options),
    ...checkNixos(options),
    ...checkPostVM(options),
  ]
}

/**
 * Checks resolved options before any byte is written: every assert of
 * make-disk-image.nix plus the checks it forgets (formats, sizes, GUIDs, labels,
 * paths, contents). It collects ALL problems and throws them together, so a user
 * fixes a configuration in one round; each is in `error.data.issues` with its own
 * `code`. Values are checked at run time, whatever their static types claim (JSON
 * and JavaScript callers).
 *
 * @throws InvalidOptionsError when anything is wrong.
 * @returns the same options, for chaining: `validateOptions(resolveOptions(input))`.
 */
export function validateOptions(options: ResolvedOptions): ResolvedOptions {
  const issues = findOptionIssues(options)
  if (issues.length > 0) throw new InvalidOptionsError(issues)
  return options
}
