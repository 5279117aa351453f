import { posix } from 'node:path'
import { ContentsOwnerIncompleteError } from '../errors/ContentsOwnerIncompleteError.js'
import type { DiskImageError } from '../errors/DiskImageError.js'
import { DuplicateContentsTargetError } from '../errors/DuplicateContentsTargetError.js'
import { InvalidContentsTargetError } from '../errors/InvalidContentsTargetError.js'
import { InvalidModeError } from '../errors/InvalidModeError.js'
import { OptionTypeError } from '../errors/OptionTypeError.js'
import { UnknownOptionError } from '../errors/UnknownOptionError.js'
import { suggestOptionName } from '../options/suggestOptionName.js'
import { checkPathKind } from './checkPathKind.js'

const ENTRY_KEYS = ['source', 'target', 'mode', 'user', 'group']
const OCTAL_MODE = /^[0-7]{3,4}$/

const isUnset = (value: unknown) => value === undefined || value === null
const isOwner = (value: unknown) => typeof value === 'string' ? value !== '' : Number.isSafeInteger(value) && (value as number) >= 0

// The part of a glob source that must exist: the directories before the first
// segment holding a '*' (the reference lets bash expand the rest).
function globBase(source: string): string {
  const segments = source.split('/')
  const firstGlob = segments.findIndex((segment) => segment.includes('*'))
  return segments.slice(0, firstGlob).join('/') || (source.startsWith('/') ? '/' : '.')
}

function checkSource(source: unknown, where: string): DiskImageError | null {
  if (typeof source !== 'string' || source === '') return new OptionTypeError(`${where}.source`, source, 'a non-empty path string')
  return source.includes('*') ? checkPathKind(`${where}.source`, globBase(source), 'directory') : checkPathKind(`${where}.source`, source)
}

function checkTarget(target: unknown, where: string): DiskImageError | null {
  const option = `${where}.target`
  if (typeof target !== 'string') return new OptionTypeError(option, target, 'an absolute path string')
  if (!target.startsWith('/')) return new InvalidContentsTargetError(option, target, 'is not absolute')
  if (target.split('/').includes('..')) return new InvalidContentsTargetError(option, target, 'has a ".." segment, which could climb out of the image')
  return null
}

function checkModeAndOwner({ mode, user, group }: Record<string, unknown>, where: string): DiskImageError[] {
  const issues: DiskImageError[] = []
  if (!isUnset(mode) && (typeof mode !== 'string' || !OCTAL_MODE.test(mode))) issues.push(new InvalidModeError(`${where}.mode`, mode))
  if (isUnset(user) !== isUnset(group)) issues.push(new ContentsOwnerIncompleteError(where, user, group))
  for (const [key, value] of [['user', user], ['group', group]] as const) {
    if (!isUnset(value) && !isOwner(value)) issues.push(new OptionTypeError(`${where}.${key}`, value, 'a name or a numeric id (0 or more)'))
  }
  return issues
}

function checkEntry(entry: Record<string, unknown>, where: string): DiskImageError[] {
  const unknownKeys = Object.keys(entry)
    .filter((key) => !ENTRY_KEYS.includes(key))
    .map((key) => new UnknownOptionError(`${where}.${key}`, suggestOptionName(key, ENTRY_KEYS)))
  const problems = [checkSource(entry.source, where), checkTarget(entry.target, where)]
  return [...unknownKeys, ...problems.filter((p): p is DiskImageError => p !== null), ...checkModeAndOwner(entry, where)]
}

/**
 * Each contents entry: known keys, a source that exists (for a glob, the directory
 * it expands in), an absolute target that stays inside the image, an octal mode,
 * user and group both or neither (the reference's assert), no target twice.
 */
export function checkContents(contents: unknown): DiskImageError[] {
  if (!Array.isArray(contents)) return [] // checkOptionTypes reports it
  const issues: DiskImageError[] = []
  const firstByTarget = new Map<string, number>()
  contents.forEach((entry: unknown, index) => {
    const where = `contents[${index}]`
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      issues.push(new OptionTypeError(where, entry, 'an object {source, target, mode?, user?, group?}'))
      return
    }
    issues.push(...checkEntry(entry as Record<string, unknown>, where))
    const { target } = entry as { target?: unknown }
    if (typeof target !== 'string' || !target.startsWith('/')) return
    const normalized = posix.normalize(target).replace(/(.)\/$/, '$1')
    const first = firstByTarget.get(normalized)
    if (first === undefined) firstByTarget.set(normalized, index)
    else issues.push(new DuplicateContentsTargetError(target, first, index))
  })
  return issues
}
