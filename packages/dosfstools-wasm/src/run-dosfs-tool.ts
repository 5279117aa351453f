import { existsSync } from 'node:fs'
import { runWasmTool, type VfsManifest, type WasmToolResult } from '@diskimage/wasm-runtime'
import { DosfstoolsWasmMissingError } from './errors/dosfstools-wasm-missing-error.js'
import { UnknownDosfsToolError } from './errors/unknown-dosfs-tool-error.js'
import { isDosfsTool, mtoolsrcPath, toolFiles, type DosfsTool } from './tool-files.js'

export interface DosfsRunOptions {
  /**
   * Extra environment for the tool, e.g. SOURCE_DATE_EPOCH (mtools' timestamps),
   * MTOOLS_SKIP_CHECK, MTOOLS_* settings. The tool sees ONLY this plus the defaults
   * LC_ALL=C.UTF-8, TZ=UTC and MTOOLSRC=<the shipped empty mtoolsrc> (which these values
   * override), never the calling process's environment: a host's TZ or LANG must not change
   * an image.
   */
  env?: Readonly<Record<string, string>>
  cwd?: string
  stdin?: string | Uint8Array
  /**
   * Virtual file tree, e.g. the tree given to `mcopy -s`: directory listings come in byte
   * order of the names, so short-name numbering (FOO~1, FOO~2) and directory entry order do
   * not depend on the host file system.
   */
  vfs?: VfsManifest
  /** Exit codes that count as success. Default [0]; `fsck.fat -n` reports errors found as 1. */
  okCodes?: readonly number[]
  timeoutMs?: number
}

/** The environment every run starts from: the same on every machine. */
export function defaultDosfsEnv(): Record<string, string> {
  // TZ: FAT stores local time, so UTC keeps timestamps machine-independent.
  // LC_ALL: mtools converts file names from the locale's charset to the long names' UTF-16;
  // a UTF-8 locale makes UTF-8 host names come out right.
  return { LC_ALL: 'C.UTF-8', TZ: 'UTC', MTOOLSRC: mtoolsrcPath }
}

/**
 * Runs one dosfstools program or mtools applet (WebAssembly, in a child Node process, argv[0]
 * = `tool`). Resolves with `{ code, stdout, stderr }`; rejects with `WasmToolError` (stderr in
 * `data`) when the exit code is not in `okCodes`, `WasmToolKilledError` when the child is
 * killed, `UnknownDosfsToolError` / `DosfstoolsWasmMissingError` before anything runs.
 */
export async function runDosfsTool(
  tool: DosfsTool,
  args: readonly string[],
  options: DosfsRunOptions = {},
): Promise<WasmToolResult> {
  if (!isDosfsTool(tool)) throw new UnknownDosfsToolError(tool)
  const { script, wasm } = toolFiles(tool)
  for (const path of [script, wasm]) {
    if (!existsSync(path)) throw new DosfstoolsWasmMissingError(tool, path)
  }
  const { env, ...rest } = options
  return runWasmTool({ ...rest, script, wasm, tool, args, env: { ...defaultDosfsEnv(), ...env } })
}
