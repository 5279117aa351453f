import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { dosfstoolsTools, mtoolsApplets, toolFiles } from './index.js'
import { native } from './__fixtures__/native.js'

const wasmDir = fileURLToPath(new URL('../wasm/', import.meta.url))

// The full proof (rebuild from pinned sources, compare) is `npm run verify:wasm`; this is the
// cheap part every test run can afford: the committed files are the ones the manifest names.
describe('committed WebAssembly binaries', () => {
  it('match wasm/SHA256SUMS (native sha256sum -c)', () => {
    const check = native('sh', ['-c', `cd '${wasmDir}' && sha256sum -c SHA256SUMS`])
    expect(check.code, check.stdout + check.stderr).toBe(0)
  })

  it('cover every tool the API runs', () => {
    const manifest = readFileSync(`${wasmDir}SHA256SUMS`, 'utf8')
    for (const tool of [...dosfstoolsTools, ...mtoolsApplets]) {
      const { script, wasm } = toolFiles(tool)
      for (const file of [script, wasm]) expect(manifest).toContain(`  ${file.slice(wasmDir.length)}\n`)
    }
  })
})
