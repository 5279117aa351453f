import { existsSync } from 'node:fs'
import { runWasmTool, type VfsManifest, type WasmToolResult } from '@diskimage/wasm-runtime'
import { Ext2fsWasmMissingError } from './errors/ext2fs-wasm-missing-error.js'
import { e2fsckConfigPath, mke2fsConfigPath, toolFiles, type Ext2fsTool } from './tool-files.js'

export interface Ext2fsRunOptions {
  /**
   * Extra environment for the tool, e.g. SOURCE_DATE_EPOCH, E2FSPROGS_FAKE_TIME. The tool
   * sees ONLY this plus LC_ALL=C, TZ=UTC, MKE2FS_CONFIG and E2FSCK_CONFIG (which these values
   * override), never the calling process's environment.
   */
  env?: Readonly<Record<string, string>>
  cwd?: string
  stdin?: string | Uint8Array
  /** Virtual file tree, e.g. the root tree for `mke2fs -d` with chosen owners and times. */
  vfs?: VfsManifest
  /** Exit codes that count as success. Default [0]; e2fsck callers often want [0, 1]. */
  okCodes?: readonly number[]
  timeoutMs?: number
}

/**
 * Runs one e2fsprogs tool (WebAssembly, in a child Node process). Always passes the shipped
 * mke2fs.conf and an empty e2fsck.conf, the C locale and UTC, so results never depend on the
 * machine. Rejects with `WasmToolError` (stderr in `data`) on an exit code outside `okCodes`.
 */
export async function runExt2fsTool(
  tool: Ext2fsTool,
  args: readonly string[],
  options: Ext2fsRunOptions = {},
): Promise<WasmToolResult> {
  const { script, wasm } = toolFiles(tool)
  for (const path of [script, wasm]) {
    if (!existsSync(path)) throw new Ext2fsWasmMissingError(tool, path)
  }
  return runWasmTool({
    script,
    wasm,
    tool,
    args,
    env: {
      LC_ALL: 'C',
      TZ: 'UTC',
      MKE2FS_CONFIG: mke2fsConfigPath,
      E2FSCK_CONFIG: e2fsckConfigPath,
      ...options.env,
    },
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
    ...(options.vfs !== undefined ? { vfs: options.vfs } : {}),
    ...(options.okCodes !== undefined ? { okCodes: options.okCodes } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  })
}
