#!/usr/bin/env node
// Bundles the built CLI (dist/bin.js and every @diskimage package it reaches, from their dist/) into
// dist/bundle/: one entry and a few chunks (the dynamic imports), instead of ~240 modules. Node resolves,
// reads and compiles each module on its own, and that was most of the command's start: a build of a tiny
// tree took ~0.55 s with the modules and ~0.36 s with the bundle here (medians of 7). The packages stay
// as they are for library users; bin/make-disk-image.js runs the bundle.
//
// Two things keep the bundle's behaviour the modules' own:
// - A module's `import.meta.url` (the packages find their WebAssembly, emscripten glue and configs
//   beside themselves) becomes the module's original URL, computed from the bundle's own location: the
//   @diskimage packages sit side by side (packages/* here, node_modules/@diskimage/* once installed),
//   so the relative path from dist/bundle/ to each is the same in both.
// - Third-party packages (sql.js) stay imports: they are installed beside ours, and inlining CommonJS
//   that finds its files through __dirname would break them.
//
// Files are written only when their content changed, each through a temporary name and a rename, chunks
// before entries, and stale files are removed last: tests run it from several processes at once while
// others run the CLI.
import { build } from 'esbuild'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { basename, dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const cli = fileURLToPath(new URL('..', import.meta.url))
const outdir = join(cli, 'dist/bundle')
const entry = join(cli, 'dist/bin.js')

const keepModuleUrls = {
  name: 'keep-module-urls',
  setup(bundler) {
    bundler.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@diskimage/') || args.path.startsWith('node:') ? undefined : { path: args.path, external: true },
    )
    bundler.onLoad({ filter: /\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8')
      if (!text.includes('import.meta.url')) return undefined
      const original = JSON.stringify(relative(outdir, args.path))
      return { contents: text.replaceAll('import.meta.url', `new URL(${original}, import.meta.url).href`), loader: 'js', resolveDir: dirname(args.path) }
    })
  },
}

const result = await build({
  entryPoints: { bin: entry },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir,
  write: false,
  plugins: [keepModuleUrls],
  logLevel: 'warning',
  legalComments: 'none',
})

mkdirSync(outdir, { recursive: true })
const outputs = result.outputFiles
const isEntry = (file) => basename(file.path) === 'bin.js'
let written = 0
for (const file of [...outputs.filter((f) => !isEntry(f)), ...outputs.filter(isEntry)]) {
  if (existsSync(file.path) && readFileSync(file.path).equals(file.contents)) continue
  const temp = `${file.path}.tmp-${process.pid}`
  writeFileSync(temp, file.contents)
  renameSync(temp, file.path)
  written++
}
const keep = new Set(outputs.map((f) => basename(f.path)))
for (const name of readdirSync(outdir)) if (!keep.has(name) && !name.includes('.tmp-')) rmSync(join(outdir, name), { force: true })
if (process.argv.includes('--verbose')) console.log(`bundle: ${outputs.length} files, ${written} written`)
