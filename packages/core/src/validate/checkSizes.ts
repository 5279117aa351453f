import { DiskImageError } from '../errors/DiskImageError.js'
import { InvalidIecSizeError } from '../errors/InvalidIecSizeError.js'
import { InvalidSizeError } from '../errors/InvalidSizeError.js'
import { checkLayoutFits } from '../layout/checkLayoutFits.js'
import { PARTITION_TABLE_TYPES } from '../options/choices.js'
import type { ResolvedOptions } from '../options/ImageOptions.js'
import { sizeOptionBytes } from '../sizes/sizeOptionBytes.js'
import { MEBIBYTE } from '../sizes/units.js'
import { isOneOf } from './isOneOf.js'

type Found = { bytes: bigint } | { issue: DiskImageError } | null

// Bytes of an IEC size option, or the problem with it; null when the type is wrong
// (checkOptionTypes reports that).
function iecOption(option: 'additionalSpace' | 'bootSize', value: unknown): Found {
  if (typeof value !== 'string' && typeof value !== 'number') return null
  let bytes: bigint
  try {
    bytes = sizeOptionBytes(value)
  } catch (error) {
    if (!(error instanceof InvalidIecSizeError)) throw error
    return { issue: new InvalidIecSizeError(value, error.data.reason, option) }
  }
  // numfmt accepts "-1M"; the reference would then shrink the disk or end the boot
  // partition before it starts.
  if (bytes < 0n) return { issue: new InvalidSizeError(option, value, 'zero or more bytes') }
  return { bytes }
}

// diskSize in bytes must stay a safe integer for the layout math: 2^33 MiB is 8 PiB.
const MAX_DISK_MIB = 2 ** 33

function isPositiveWhole(value: unknown, maximum = Number.MAX_SAFE_INTEGER): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 && value <= maximum
}

// The layout module's own check (the errors parted's failure would mean), caught
// as an issue instead of thrown.
function layoutProblem(check: () => void): DiskImageError[] {
  try {
    check()
    return []
  } catch (error) {
    if (error instanceof DiskImageError) return [error]
    throw error
  }
}

/**
 * Sizes the reference never checks: diskSize and memSize must be positive whole
 * MiB (`truncate -s 1.5M` and a negative -m fail late or silently), the IEC strings
 * must parse and not be negative, bootSize must leave room for the boot partition
 * and an explicit diskSize must hold the layout's partitions (both judged by the
 * layout module's `checkLayoutFits`, as parted would judge them).
 */
export function checkSizes(options: ResolvedOptions): DiskImageError[] {
  const issues: DiskImageError[] = []
  const { diskSize, memSize, partitionTableType } = options
  const diskOk = diskSize === 'auto' || isPositiveWhole(diskSize, MAX_DISK_MIB)
  if (typeof diskSize === 'number' && !diskOk) {
    issues.push(new InvalidSizeError('diskSize', diskSize, `a positive whole number of MiB up to ${MAX_DISK_MIB}, or "auto"`))
  }
  if (typeof memSize === 'number' && !isPositiveWhole(memSize)) {
    issues.push(new InvalidSizeError('memSize', memSize, 'a positive whole number of MiB'))
  }
  const additional = iecOption('additionalSpace', options.additionalSpace)
  if (additional !== null && 'issue' in additional) issues.push(additional.issue)
  const boot = iecOption('bootSize', options.bootSize)
  if (boot !== null && 'issue' in boot) issues.push(boot.issue)
  if (boot === null || 'issue' in boot || !isOneOf(partitionTableType, PARTITION_TABLE_TYPES)) return issues
  const request = { partitionTableType, bootSize: boot.bytes }
  const bootProblem = layoutProblem(() => checkLayoutFits(request))
  issues.push(...bootProblem)
  if (bootProblem.length === 0 && typeof diskSize === 'number' && diskOk) {
    issues.push(...layoutProblem(() => checkLayoutFits(request, Number(BigInt(diskSize) * MEBIBYTE))))
  }
  return issues
}
