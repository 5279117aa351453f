import { join } from 'node:path'
import type { DiskImageError } from '../errors/DiskImageError.js'
import { LayoutMismatchError } from '../errors/LayoutMismatchError.js'
import { WrongPathTypeError } from '../errors/WrongPathTypeError.js'
import { SymlinkLoopError } from '../errors/SymlinkLoopError.js'
import { ESP_LAYOUTS, PARTITION_TABLE_TYPES } from '../options/choices.js'
import type { ResolvedOptions } from '../options/ImageOptions.js'
import { checkPathKind } from './checkPathKind.js'
import { isOneOf } from './isOneOf.js'
import { pathKind } from './pathKind.js'

const isPath = (value: unknown): value is string => typeof value === 'string' && value !== ''

/**
 * Host paths the build will read: the root tree (its nix/store for a
 * Nix-store-only image), configFile, espContents (and that the layout has an ESP
 * for it), the OVMF files when touchEFIVars; `out`, if it exists, must be a
 * directory. Contents sources are checked by checkContents.
 */
export function checkPaths(options: ResolvedOptions): DiskImageError[] {
  const problems: (DiskImageError | null)[] = []
  const { root, out, configFile, espContents, partitionTableType: layout } = options
  if (isPath(root)) {
    const rootProblem = checkPathKind('root', root, 'directory')
    problems.push(rootProblem)
    if (rootProblem === null && options.onlyNixStore === true) problems.push(checkPathKind('root', join(root, 'nix', 'store'), 'directory'))
  }
  if (isPath(out)) {
    const kind = pathKind(out)
    if (kind === 'file' || kind === 'other') problems.push(new WrongPathTypeError('out', out, 'directory', kind === 'file' ? 'file' : 'special file'))
    if (kind === 'loop') problems.push(new SymlinkLoopError('out', out))
  }
  if (isPath(configFile)) problems.push(checkPathKind('configFile', configFile, 'file'))
  if (isPath(espContents)) {
    problems.push(checkPathKind('espContents', espContents, 'directory'))
    if (isOneOf(layout, PARTITION_TABLE_TYPES) && !isOneOf(layout, ESP_LAYOUTS)) {
      problems.push(new LayoutMismatchError('espContents', espContents, layout, ESP_LAYOUTS))
    }
  }
  if (options.touchEFIVars === true) {
    if (isPath(options.efiFirmware)) problems.push(checkPathKind('efiFirmware', options.efiFirmware, 'file'))
    if (isPath(options.efiVariables)) problems.push(checkPathKind('efiVariables', options.efiVariables, 'file'))
  }
  return problems.filter((problem): problem is DiskImageError => problem !== null)
}
