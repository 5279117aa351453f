import { spawn } from 'node:child_process'
import { XattrsUnreadableError } from '../errors/XattrsUnreadableError.js'
import { getfattrFailure } from './getfattrFailure.js'
import { GetfattrDumpError, parseGetfattrDump, type XattrMap } from './parseGetfattrDump.js'

/**
 * `getfattr -R -d -m - -e base64 --absolute-names -h`: every attribute of every namespace the
 * caller may read (as root: security.*, system.posix_acl_*, trusted.*, user.*; otherwise
 * trusted.* is not listed by the kernel), values in base64, symlinks' own attributes (never
 * followed), the whole tree in one process.
 */
export const GETFATTR_ARGS = ['--recursive', '--dump', '--match=-', '--encoding=base64', '--absolute-names', '--no-dereference', '--']

/**
 * Reads the host's extended attributes of every file under `roots` (files and directories,
 * walked without following symlinks) with one getfattr process: Node has no xattr API.
 * Returns host path → attributes, for files that have any. Paths are as getfattr builds them:
 * a root as given, then root + "/" + the path below it.
 *
 * @throws XattrsUnreadableError when getfattr is missing, exits non-zero or complains about
 *   any path (e.g. a file system that refuses xattrs): carrying on would lose attributes
 *   silently. TreeNotReadableError for a directory the building user cannot read.
 */
export async function readHostXattrs(roots: readonly string[]): Promise<Map<string, XattrMap>> {
  if (roots.length === 0) return new Map()
  const { stdout, stderr, code, spawnError } = await run('getfattr', [...GETFATTR_ARGS, ...roots])
  const where = roots[0]!
  if (spawnError) {
    const missing = (spawnError as NodeJS.ErrnoException).code === 'ENOENT'
    throw new XattrsUnreadableError(where, missing ? 'getfattr is not installed (not found on PATH)' : `getfattr did not start (${spawnError.message})`, { cause: spawnError })
  }
  const failure = getfattrFailure(stderr.toString('utf8'), code, where)
  if (failure) throw failure
  try {
    return parseGetfattrDump(stdout)
  } catch (error) {
    if (!(error instanceof GetfattrDumpError)) throw error
    throw new XattrsUnreadableError(error.path, error.detail, { cause: error })
  }
}

function run(command: string, args: string[]): Promise<{ stdout: Buffer; stderr: Buffer; code: number | null; spawnError?: Error }> {
  return new Promise((resolve) => {
    // LC_ALL=C: the messages in English (they are matched above and shown to the user).
    const child = spawn(command, args, { env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk))
    child.on('error', (spawnError) => resolve({ stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), code: null, spawnError }))
    child.on('close', (code) => resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err), code }))
  })
}
