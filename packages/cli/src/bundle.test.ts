/**
 * The bundle the command runs (scripts/bundle.mjs) keeps each module's own URL: every module that finds
 * files beside itself (WebAssembly, emscripten glue, configs, sql.js) must find them from the bundle.
 * The CLI's end-to-end tests run the bundle; this checks the rewritten URLs themselves.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { beforeAll, expect, it } from 'vitest'

const repo = fileURLToPath(new URL('../../..', import.meta.url))
const bundle = join(repo, 'packages/cli/dist/bundle')

beforeAll(() => {
  execFileSync(process.execPath, ['packages/cli/scripts/build.mjs'], { cwd: repo, stdio: 'pipe' })
})

it('is a few files, and each module URL in it names the built module it stands for', () => {
  const files = readdirSync(bundle).filter((name) => name.endsWith('.js'))
  expect(files).toContain('bin.js')
  expect(files.length).toBeLessThan(80)
  const urls = new Set<string>()
  for (const name of files) {
    for (const match of readFileSync(join(bundle, name), 'utf8').matchAll(/new URL\("([^"]+)", import\.meta\.url\)\.href/g)) urls.add(match[1]!)
  }
  // The packages that locate files beside themselves: wasm-runtime, ext2fs-wasm, dosfstools-wasm, format, nix.
  const packages = new Set([...urls].map((url) => url.split('/')[3]))
  expect([...packages].sort()).toEqual(['dosfstools-wasm', 'ext2fs-wasm', 'format', 'nix', 'wasm-runtime'])
  for (const url of urls) {
    const module = fileURLToPath(new URL(url, pathToFileURL(join(bundle, 'bin.js'))))
    expect(existsSync(module), url).toBe(true)
    expect(module.startsWith(join(repo, 'packages'))).toBe(true)
  }
})
