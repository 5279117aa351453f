import { spawnSync } from 'node:child_process'
import { runWasmTool } from '@diskimage/wasm-runtime'
import { describe, expect, it } from 'vitest'
import { toolFiles, type Ext2fsTool } from './index.js'

// Messages name the program as argv[0] says, as natively: e2fsprogs' own suite runs
// "../e2fsck/e2fsck" and expects that path in its logs.
const missing = '/nonexistent-dir/fs.img'
const cases: [Ext2fsTool, string[]][] = [
  ['e2fsck', ['-fn', missing]],
  ['tune2fs', ['-l', missing]],
  ['debugfs', ['-R', 'stats', missing]],
]

/** The line that names the program: "<name>: No such file or directory while trying to open …". */
const openFailure = (stderr: string): string | undefined =>
  stderr.split('\n').find((line) => line.includes('while trying to open'))

describe('program name in messages = argv[0], as native', () => {
  for (const [tool, args] of cases) {
    it(`${tool} run as ../${tool}/${tool}`, async () => {
      const argv0 = `../${tool}/${tool}`
      const { script, wasm } = toolFiles(tool)
      const wasmRun = await runWasmTool({ script, wasm, tool: argv0, args, okCodes: [0, 1, 8] })
      const nativeRun = spawnSync(tool, args, { argv0, encoding: 'utf8' })
      const expected = openFailure(nativeRun.stderr)
      expect(expected).toBeDefined()
      expect(openFailure(wasmRun.stderr)).toBe(expected)
    })
  }
})
