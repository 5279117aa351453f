import type { WasmToolResult } from '@diskimage/wasm-runtime'
import { runExt2fsTool, type Ext2fsRunOptions } from './run-ext2fs-tool.js'

/**
 * `mke2fs` (e2fsprogs 1.47.2). Typical image use:
 * `mke2fs(['-F', '-t', 'ext4', '-U', uuid, '-E', `offset=${bytes},hash_seed=${seed}`,
 * '-d', vfs.mountPoint, image, `${kib}k`], { vfs, env: { SOURCE_DATE_EPOCH } })`.
 */
export function mke2fs(args: readonly string[], options?: Ext2fsRunOptions): Promise<WasmToolResult> {
  return runExt2fsTool('mke2fs', args, options)
}

/** `tune2fs`; stdin is not a terminal, so `-U` on a metadata_csum file system never prompts. */
export function tune2fs(args: readonly string[], options?: Ext2fsRunOptions): Promise<WasmToolResult> {
  return runExt2fsTool('tune2fs', args, options)
}

/**
 * `e2fsck`. Exit codes as native: 0 clean, 1 errors corrected, 2 corrected + reboot,
 * 4 errors left, 8 operational error; pass `okCodes` to accept more than 0.
 */
export function e2fsck(args: readonly string[], options?: Ext2fsRunOptions): Promise<WasmToolResult> {
  return runExt2fsTool('e2fsck', args, options)
}

/** `debugfs`; prefer one run with `-f commands` over one run per command (each run costs ~0.2 s). */
export function debugfs(args: readonly string[], options?: Ext2fsRunOptions): Promise<WasmToolResult> {
  return runExt2fsTool('debugfs', args, options)
}
