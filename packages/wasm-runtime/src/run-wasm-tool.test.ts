import { mkdir, mkdtemp, open, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runWasmTool, WasmToolError, WasmToolKilledError } from './index.js'

// The probe is a tiny C program linked exactly like the real tools (probe/build.sh).
const probe = fileURLToPath(new URL('./__fixtures__/probe.cjs', import.meta.url))
const runProbe = (args: string[], extra: Partial<Parameters<typeof runWasmTool>[0]> = {}) =>
  runWasmTool({ script: probe, tool: 'probe', args, ...extra })

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wasm-runtime-test-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('runWasmTool', () => {
  it('passes argv[0], the given environment (only it) and the real tty status', async () => {
    const { stdout } = await runProbe(['env', 'MKE2FS_CONFIG', 'env', 'HOME', 'env', 'USER', 'isatty'], {
      env: { MKE2FS_CONFIG: '/x/mke2fs.conf', HOME: '/h' },
    })
    expect(stdout).toBe(
      'argv0=probe\nenv MKE2FS_CONFIG=/x/mke2fs.conf\nenv HOME=/h\nenv USER=(unset)\nisatty 0 0 0\n',
    )
  })

  it('writes and reads beyond 2 GiB and 4 GiB at the right offsets (64-bit pread/pwrite/ftruncate)', async () => {
    const img = join(dir, 'big.img')
    const at2g = 2 ** 31 + 12345
    const at4g = 2 ** 32 + 4096 * 3 + 7
    const at5g = 5 * 2 ** 30 + 1
    const { stdout } = await runProbe([
      'truncate', img, String(6 * 2 ** 30),
      'pwrite', img, String(at2g), 'above-2GiB',
      'pwrite', img, String(at4g), 'above-4GiB',
      'pwrite', img, String(at5g), 'above-5GiB',
      'pread', img, String(at4g), '10',
      'size', img,
    ])
    expect(stdout).toContain('pread 10 above-4GiB\n')
    expect(stdout).toContain(`size ${6 * 2 ** 30}\n`)
    // Oracle: the host reads the bytes where Linux says they are.
    expect((await stat(img)).size).toBe(6 * 2 ** 30)
    const fh = await open(img, 'r')
    try {
      for (const [offset, text] of [[at2g, 'above-2GiB'], [at4g, 'above-4GiB'], [at5g, 'above-5GiB']] as const) {
        const buf = Buffer.alloc(text.length)
        await fh.read(buf, 0, buf.length, offset)
        expect(buf.toString()).toBe(text)
      }
      // Nothing landed at the truncated (mod 2^32) offsets.
      const low = Buffer.alloc(10)
      await fh.read(low, 0, 10, at4g - 2 ** 32)
      expect(low.equals(Buffer.alloc(10))).toBe(true)
    } finally {
      await fh.close()
    }
  })

  it('answers an unknown ioctl with ENOTTY instead of aborting', async () => {
    const file = join(dir, 'plain')
    await runProbe(['truncate', file, '4096'])
    const { stdout } = await runProbe(['ioctl', file])
    expect(stdout).toBe('argv0=probe\nioctl -1 ENOTTY\n')
  })

  it('feeds stdin from the given bytes', async () => {
    const { stdout } = await runProbe(['cat', '/dev/stdin'], { stdin: 'hello from stdin' })
    expect(stdout).toContain('cat 16 hello from stdin\n')
  })

  it('rejects a non-zero exit with WasmToolError carrying stderr, unless okCodes accepts it', async () => {
    const error = await runProbe(['exit', '3']).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WasmToolError)
    const toolError = error as WasmToolError
    expect(toolError.code).toBe('WASM_TOOL_FAILED')
    expect(toolError.data).toMatchObject({ tool: 'probe', args: ['exit', '3'], code: 3 })
    expect(toolError.data.stderr).toBe('probe: exiting with 3\n')
    expect(toolError.message).toContain('okCodes')
    const accepted = await runProbe(['exit', '3'], { okCodes: [0, 3] })
    expect(accepted.code).toBe(3)
  })

  it('rejects with WasmToolKilledError when the child dies from a signal', async () => {
    const error = await runProbe(['isatty'], { timeoutMs: 1 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WasmToolKilledError)
    expect((error as WasmToolKilledError).data.signal).toBe('SIGTERM')
  })

  it('leaves no scratch files behind', async () => {
    // A private TMPDIR: other test files create scratch folders in the shared one meanwhile.
    const privateTmp = join(dir, 'tmp')
    await mkdir(privateTmp)
    const saved = process.env.TMPDIR
    process.env.TMPDIR = privateTmp
    try {
      await runProbe(['cat', '/dev/stdin'], { stdin: 'x', vfs: { mountPoint: '/v', layers: [dir] } })
      await runProbe(['exit', '9']).catch(() => undefined)
    } finally {
      if (saved === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = saved
    }
    expect(await readdir(privateTmp)).toEqual([])
  })
})
