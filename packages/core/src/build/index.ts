import type { ImageOptions } from '../options/ImageOptions.js'
import { resolveOptions } from '../options/resolveOptions.js'
import { validateOptions } from '../validate/validateOptions.js'
import { planBuild } from './planBuild.js'
import { pinnedInOptions } from '../identifiers/pinnedIdentifiers.js'
import { BootLoaderCommandMissingError } from '../errors/BootLoaderCommandMissingError.js'
import { runBuild, type BuildResult } from './buildImage.js'
import type { ProgressListener } from './progress.js'

/**
 * Builds a disk image from a root tree, as nixpkgs' make-disk-image.nix does —
 * without root, loop devices or a VM (QEMU only runs a bootloader installer when
 * asked). Every option is validated before any byte is written; the image is
 * written under a scratch name inside `out` and renamed at the end, so a failed
 * build leaves nothing behind and never damages an earlier image of the same
 * name.
 *
 * @example
 *   const { imagePath } = await buildImage({ root: './rootfs', out: './out', partitionTableType: 'efi' })
 * @throws InvalidOptionsError (every problem with the options, before anything is written); for the VM
 *   step QemuNotFoundError or KernelNotFoundError, also before anything is written;
 *   or the typed error of the step that failed (contents, layout, a WASM tool's stderr…).
 */
export async function buildImage(input: ImageOptions & { onProgress?: ProgressListener }): Promise<BuildResult> {
  const { onProgress, ...options } = input
  onProgress?.({ phase: 'validate', message: 'checking the options' })
  const resolved = validateOptions(resolveOptions(options))
  // The reference's default installBootLoader = true means "run NixOS's installer"; without NixOS and
  // without a command there is nothing to run, which is only an error when the user asked for it.
  // (A NixOS image has one: its switch-to-configuration.)
  if (options.installBootLoader === true && !resolved.bootLoaderCommand && !resolved.nixos) throw new BootLoaderCommandMissingError()
  const plan = planBuild(resolved, process.env, pinnedInOptions(options))
  return runBuild(plan, onProgress)
}

export type { BuildResult } from './buildImage.js'
export type { BuildPlan } from './buildPlan.js'
export type { ProgressEvent, ProgressListener, BuildPhase } from './progress.js'
export { sweepStaleWorkspaces } from './workspace.js'
