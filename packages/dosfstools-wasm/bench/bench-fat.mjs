#!/usr/bin/env node
// WASM vs native mkfs.fat + mcopy -s on a generated tree (default ~200 MB in 2,000 files),
// measured in the same run, on the same machine. Prints one JSON object on stdout.
//
//   npx tsc -b packages/dosfstools-wasm && node packages/dosfstools-wasm/bench/bench-fat.mjs [MB] [files]
//
// Speed belongs here, not in the tests (no timing assertions there).
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { mcopy, mkfsFat, defaultDosfsEnv } from '../dist/index.js'

const totalMB = Number(process.argv[2] ?? 200)
const fileCount = Number(process.argv[3] ?? 2000)
const offsetBytes = 8 * 1024 * 1024
const fsKiB = Math.ceil((totalMB * 1.3 + 64) * 1024)
const env = { SOURCE_DATE_EPOCH: '1700000000' }
const scratch = mkdtempSync(join(tmpdir(), 'dosfstools-wasm-bench-'))

/** 2,000 files in 40 directories, sizes spread around the mean, contents from SHA-256 (incompressible). */
function writeTree(root) {
  const meanBytes = Math.floor((totalMB * 1024 * 1024) / fileCount)
  for (let i = 0; i < fileCount; i++) {
    const dir = join(root, `dir-${String(i % 40).padStart(2, '0')}`)
    mkdirSync(dir, { recursive: true })
    const size = Math.floor(meanBytes * (0.5 + ((i * 7919) % 1000) / 1000))
    const block = createHash('sha256').update(String(i)).digest()
    writeFileSync(join(dir, `file with a long name ${i}.bin`), Buffer.alloc(size, block))
  }
}

function freshImage(name) {
  const path = join(scratch, name)
  writeFileSync(path, '')
  truncateSync(path, offsetBytes + fsKiB * 1024)
  return path
}

async function timed(fn) {
  const start = performance.now()
  await fn()
  return (performance.now() - start) / 1000
}

try {
  const tree = join(scratch, 'tree')
  writeTree(tree)
  const mkfsArgs = (image) => ['-F', '32', '--invariant', '--offset', String(offsetBytes / 512), image, String(fsKiB)]
  const nativeEnv = { ...process.env, ...defaultDosfsEnv(), ...env }

  const nativeImage = freshImage('native.img')
  const nativeSeconds = await timed(() => {
    execFileSync('mkfs.fat', mkfsArgs(nativeImage), { env: nativeEnv, stdio: 'ignore' })
    execFileSync('mcopy', ['-s', '-i', `${nativeImage}@@${offsetBytes}`, tree, '::/'], { env: nativeEnv, stdio: 'ignore' })
  })

  const wasmImage = freshImage('wasm.img')
  const wasmSeconds = await timed(async () => {
    await mkfsFat(mkfsArgs(wasmImage))
    await mcopy(['-s', '-i', `${wasmImage}@@${offsetBytes}`, tree, '::/'], { env })
  })

  console.log(JSON.stringify({
    benchmark: 'mkfs.fat + mcopy -s',
    treeMB: totalMB,
    files: fileCount,
    filesystemKiB: fsKiB,
    nativeSeconds: Number(nativeSeconds.toFixed(3)),
    wasmSeconds: Number(wasmSeconds.toFixed(3)),
    ratio: Number((wasmSeconds / nativeSeconds).toFixed(2)),
  }, null, 2))
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
