/**
 * Reading why a WASM tool failed. The tools report everything as text on stderr
 * with exit code 1, so the few failures the user can fix by changing an option or
 * the tree are recognised by their words.
 */

/** The stderr of a failed tool run (a WasmToolError), or undefined for any other error. */
function toolStderr(error: unknown): string | undefined {
  if (!(error instanceof Error) || (error as { code?: unknown }).code !== 'WASM_TOOL_FAILED') return undefined
  const stderr = (error as { data?: { stderr?: unknown } }).data?.stderr
  return typeof stderr === 'string' ? stderr : undefined
}

/**
 * What e2fsprogs and mtools print when the file system THEY WRITE fills up while
 * files are copied in. Not "No space left on device": that is the host file system
 * under the image, a different problem with a different fix.
 */
const NO_SPACE = /Could not allocate (?:block|inode)[^\n]*|Disk full[^\n]*/

/** The no-space line of a failed tool run, or undefined when it failed for another reason. */
export function noSpaceDetail(error: unknown): string | undefined {
  return NO_SPACE.exec(toolStderr(error) ?? '')?.[0].trim()
}

/** mke2fs -d could not open or scan a file of the tree: its line and the name it quotes. */
export function permissionDenied(error: unknown): { path: string; detail: string } | undefined {
  const m = /Permission denied while [^\n"]*"([^"\n]*)"[^\n]*/.exec(toolStderr(error) ?? '')
  return m ? { path: m[1]!, detail: m[0].trim() } : undefined
}

/** mke2fs -d could not store a file's extended attribute (too large for ext4): the attribute and the file it names. */
export function xattrTooLarge(error: unknown): { name: string; file: string; detail: string } | undefined {
  const stderr = toolStderr(error) ?? ''
  const attribute = /Insufficient space to store extended attribute data while writing attribute "([^"\n]*)"[^\n]*/.exec(stderr)
  const file = /while setting xattrs for "([^"\n]*)"/.exec(stderr)
  return attribute ? { name: attribute[1]!, file: file?.[1] ?? '?', detail: attribute[0].trim() } : undefined
}
