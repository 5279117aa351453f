/**
 * The bundle the command runs (scripts/bundle.mjs) keeps each module's own URL: every module that finds
 * files beside itself (WebAssembly, emscripten glue, configs, sql.js) must find them from the bundle.
 * The CLI's end-to-end tests run the bundle; this checks the rewritten URLs themselves.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'

const repo = fileURLToPath(new URL('../../..', import.meta.url))
const bundle = join(repo, 'packages/cli/dist/bundle')

let scratch = ''
beforeAll(() => {
  execFileSync(process.execPath, ['packages/cli/scripts/build.mjs'], { cwd: repo, stdio: 'pipe' })
  scratch = mkdtempSync(join(tmpdir(), 'cli-bundle-'))
})
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

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

it('where the other packages are not beside the CLI (a nested install), the command runs the modules and still builds', () => {
  // cli/ alone in a directory, the other packages reachable only through node_modules/@diskimage: the
  // bundle would look for ../../../ext2fs-wasm and fail; the unbundled modules resolve them.
  const cli = join(scratch, 'app/cli')
  for (const part of ['bin', 'dist', 'package.json']) cpSync(join(repo, 'packages/cli', part), join(cli, part), { recursive: true })
  mkdirSync(join(scratch, 'node_modules/@diskimage'), { recursive: true })
  for (const name of readdirSync(join(repo, 'packages'))) symlinkSync(join(repo, 'packages', name), join(scratch, 'node_modules/@diskimage', name))
  mkdirSync(join(scratch, 'tree'))
  writeFileSync(join(scratch, 'tree/hello'), 'hello\n')
  const out = join(scratch, 'out')
  const run = spawnSync(process.execPath, [join(cli, 'bin/make-disk-image.js'), '--root', join(scratch, 'tree'), '--out', out, '--partition-table-type', 'legacy', '--quiet'], { encoding: 'utf8' })
  expect(run.stderr).toBe('')
  expect(run.status).toBe(0)
  expect(existsSync(join(out, 'nixos.img'))).toBe(true)
})
