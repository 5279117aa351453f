import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { bootstrapPath, runWasmTool } from './index.js'

// emscripten 3.1.6 says fds 0-2 are always terminals; emscripten/pre.js sets each from the host.
const probe = fileURLToPath(new URL('./__fixtures__/probe.cjs', import.meta.url))
const probeCommand = `'${process.execPath}' '${bootstrapPath}' '${probe}' probe ''`

/** Runs a shell command line with a pseudo-terminal on fds 0-2 (util-linux `script`). */
const inPty = (command: string): string =>
  execFileSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] })

describe('tty status of stdin/stdout/stderr is the host’s', () => {
  it('no terminal anywhere (runWasmTool: stdin /dev/null, pipes): 0 0 0', async () => {
    const { stdout } = await runWasmTool({ script: probe, tool: 'probe', args: ['isatty'] })
    expect(stdout).toContain('isatty 0 0 0\n')
  })

  it('all three on a pseudo-terminal: 1 1 1', () => {
    expect(inPty(`${probeCommand} isatty`)).toContain('isatty 1 1 1')
  })

  it('each fd on its own: stdout piped 1 0 1, stdin from a file 0 1 1', () => {
    expect(inPty(`${probeCommand} isatty | cat`)).toContain('isatty 1 0 1')
    expect(inPty(`${probeCommand} isatty < /dev/null`)).toContain('isatty 0 1 1')
  })
})
