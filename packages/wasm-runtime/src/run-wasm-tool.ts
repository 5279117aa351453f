import { spawn } from 'node:child_process'
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { WasmToolError } from './errors/wasm-tool-error.js'
import { WasmToolKilledError } from './errors/wasm-tool-killed-error.js'
import { validateVfsManifest, type VfsManifest } from './vfs-manifest.js'

/** The child side: loads the glue with argv, env, tty flags and the virtual file tree. */
export const bootstrapPath = fileURLToPath(new URL('../child/bootstrap.cjs', import.meta.url))

export interface RunWasmToolOptions {
  /** Path of the emscripten JS glue (a .cjs built with -s NODERAWFS=1, see ../emscripten/). */
  script: string
  /** Path of the .wasm; by default the glue loads the file it was linked with, beside itself. */
  wasm?: string
  /** Program name: the tool's argv[0] and the name used in errors. Default: the script's base name. */
  tool?: string
  args: readonly string[]
  /**
   * The tool's COMPLETE environment (not merged with this process's), so host settings such
   * as LANG or TZ never change an output unless the caller passes them. Default: empty.
   */
  env?: Readonly<Record<string, string>>
  /** Working directory of the tool. Default: this process's. */
  cwd?: string
  /** Bytes or text given to the tool on stdin. Default: /dev/null (not a terminal). */
  stdin?: string | Uint8Array
  /** Virtual file tree overlay installed in the child before the tool starts. */
  vfs?: VfsManifest
  /** Exit codes that count as success (e2fsck's 1 = "errors corrected"). Default: [0]. */
  okCodes?: readonly number[]
  /** Kill the child after this many milliseconds (rejects with WasmToolKilledError). */
  timeoutMs?: number
}

export interface WasmToolResult {
  code: number
  stdout: string
  stderr: string
  /** stdout as bytes, for tools that print binary data (debugfs `cat`). */
  stdoutBytes: Buffer
}

/**
 * Runs one emscripten-built tool in its own child Node process (`process.execPath` +
 * child/bootstrap.cjs): the tools call exit(), chdir() and keep C globals, so they must not
 * run in the caller's process. Resolves with the exit code and output when the code is in
 * `okCodes`; rejects with {@link WasmToolError} (carrying stderr) otherwise, and with
 * {@link WasmToolKilledError} when the child dies from a signal.
 */
export async function runWasmTool(options: RunWasmToolOptions): Promise<WasmToolResult> {
  const tool = options.tool ?? basename(options.script).replace(/\.c?js$/, '')
  if (options.vfs) validateVfsManifest(options.vfs)
  const scratch = await mkdtemp(join(tmpdir(), 'diskimage-wasm-'))
  try {
    const env: Record<string, string> = { ...options.env }
    if (options.vfs) {
      env.DISKIMAGE_VFS = join(scratch, 'vfs.json')
      await writeFile(env.DISKIMAGE_VFS, JSON.stringify(options.vfs))
    }
    let stdinFile: Awaited<ReturnType<typeof open>> | undefined
    if (options.stdin !== undefined) {
      // A file, not a pipe: the tool reads fd 0 synchronously, which a pipe cannot serve
      // before this process has written to it.
      await writeFile(join(scratch, 'stdin'), options.stdin)
      stdinFile = await open(join(scratch, 'stdin'), 'r')
    }
    try {
      const argv = [bootstrapPath, options.script, tool, options.wasm ?? '', ...options.args]
      const result = await spawnCollect(argv, env, options.cwd, stdinFile?.fd, options.timeoutMs)
      if (result.signal !== null) {
        throw new WasmToolKilledError({ tool, args: options.args, signal: result.signal, stderr: result.stderr })
      }
      const okCodes = options.okCodes ?? [0]
      if (!okCodes.includes(result.code)) {
        throw new WasmToolError({ tool, args: options.args, code: result.code, stdout: result.stdout, stderr: result.stderr })
      }
      return { code: result.code, stdout: result.stdout, stderr: result.stderr, stdoutBytes: result.stdoutBytes }
    } finally {
      await stdinFile?.close()
    }
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}

interface Collected {
  code: number
  signal: string | null
  stdout: string
  stderr: string
  stdoutBytes: Buffer
}

function spawnCollect(
  argv: string[],
  env: Record<string, string>,
  cwd: string | undefined,
  stdinFd: number | undefined,
  timeoutMs: number | undefined,
): Promise<Collected> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, {
      cwd,
      env,
      stdio: [stdinFd ?? 'ignore', 'pipe', 'pipe'],
      ...(timeoutMs !== undefined ? { timeout: timeoutMs } : {}),
    })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk))
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk))
    child.on('error', reject)
    child.on('close', (code, signal) => {
      const stdoutBytes = Buffer.concat(out)
      resolve({
        code: code ?? -1,
        signal,
        stdout: stdoutBytes.toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        stdoutBytes,
      })
    })
  })
}
