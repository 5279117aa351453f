/**
 * What e2fsprogs and mtools print when the file system THEY WRITE fills up while
 * files are copied in. Not "No space left on device": that is the host file system
 * under the image, a different problem with a different fix. Matched on stderr
 * because the WASM tools report it only as text with exit code 1.
 */
const NO_SPACE = /Could not allocate (?:block|inode)[^\n]*|Disk full[^\n]*/

/** The no-space line of a failed tool run (a WasmToolError), or undefined when it failed for another reason. */
export function noSpaceDetail(error: unknown): string | undefined {
  if (!(error instanceof Error) || (error as { code?: unknown }).code !== 'WASM_TOOL_FAILED') return undefined
  const stderr = (error as { data?: { stderr?: unknown } }).data?.stderr
  return typeof stderr === 'string' ? NO_SPACE.exec(stderr)?.[0].trim() : undefined
}
