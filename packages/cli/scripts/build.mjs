#!/usr/bin/env node
// Builds the CLI as `make-disk-image` runs it: `tsc -b packages/cli` (the CLI and every package it
// imports, incremental), then the bundle of bundle.mjs. The bundle is made even when tsc reported type
// errors (tsc -b still emits), so that it is never older than dist/; the exit status is tsc's.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
const project = fileURLToPath(new URL('..', import.meta.url))
const { status } = spawnSync(process.execPath, [tsc, '-b', project], { stdio: 'inherit' })
await import('./bundle.mjs')
process.exitCode = status ?? 1
