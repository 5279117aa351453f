import type { WasmToolResult } from '@diskimage/wasm-runtime'
import { runDosfsTool, type DosfsRunOptions } from './run-dosfs-tool.js'

type Result = Promise<WasmToolResult>

/**
 * `mkfs.fat` (dosfstools 4.2). The image file must exist (or pass `-C`). For an ESP inside a
 * disk image: `mkfsFat(['-F', '32', '--invariant', '-i', volid, '--offset', String(startSector),
 * image, String(sizeKiB)])`. `--invariant` fixes the times and the volume id; a label (`-n`)
 * without it gets the current time.
 */
export function mkfsFat(args: readonly string[], options?: DosfsRunOptions): Result {
  return runDosfsTool('mkfs.fat', args, options)
}

/** `fsck.fat`. Exit codes as native: 0 clean, 1 errors found (or corrected), 2 usage error. */
export function fsckFat(args: readonly string[], options?: DosfsRunOptions): Result {
  return runDosfsTool('fsck.fat', args, options)
}

/** `fatlabel DEVICE [LABEL]` (dosfstools 4.2; `-i` reads or sets the volume id). */
export function fatlabel(args: readonly string[], options?: DosfsRunOptions): Result {
  return runDosfsTool('fatlabel', args, options)
}

/**
 * `mcopy` (mtools 4.0.32), e.g. `mcopy(['-s', '-i', `${image}@@${offsetBytes}`, dir, '::/'])`.
 * Timestamps are SOURCE_DATE_EPOCH when set in `env` (and `-m` is not given).
 */
export function mcopy(args: readonly string[], options?: DosfsRunOptions): Result {
  return runDosfsTool('mcopy', args, options)
}

/** `mmd` (mtools): make directories; their timestamps are SOURCE_DATE_EPOCH when set. */
export function mmd(args: readonly string[], options?: DosfsRunOptions): Result {
  return runDosfsTool('mmd', args, options)
}

/** `mdir` (mtools): list a directory (`-/` recursive, `-b` bare names). */
export function mdir(args: readonly string[], options?: DosfsRunOptions): Result {
  return runDosfsTool('mdir', args, options)
}

/** `mattrib` (mtools): set DOS attributes, e.g. `+h +s` on boot files. */
export function mattrib(args: readonly string[], options?: DosfsRunOptions): Result {
  return runDosfsTool('mattrib', args, options)
}

/** `mlabel` (mtools): set the volume label. */
export function mlabel(args: readonly string[], options?: DosfsRunOptions): Result {
  return runDosfsTool('mlabel', args, options)
}
