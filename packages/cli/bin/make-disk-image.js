#!/usr/bin/env node
// The installed command. It is a committed file (not dist/ itself) so that npm can link it when the
// workspace is installed, before `prepare` has compiled dist/. It runs the bundle of dist/bin.js
// (scripts/bundle.mjs: the same code in a few files instead of ~240 modules, which start faster). The
// bundle finds the files of the other @diskimage packages (WebAssembly, configs) beside this one, as in
// the workspace and a flat node_modules; where they are not there (a nested install), or there is no
// bundle, the modules run as they are and Node resolves the packages.
import { existsSync } from 'node:fs'

const beside = (path) => existsSync(new URL(path, import.meta.url))
const bundled =
  beside('../dist/bundle/bin.js') &&
  ['wasm-runtime', 'ext2fs-wasm', 'dosfstools-wasm', 'format', 'nix'].every((name) => beside(`../../${name}/package.json`))
await import(bundled ? '../dist/bundle/bin.js' : '../dist/bin.js')
