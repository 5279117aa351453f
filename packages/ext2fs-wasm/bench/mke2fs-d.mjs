#!/usr/bin/env node
// Bench: native mke2fs -d vs WASM mke2fs -d (plain, and through the virtual file tree) on a
// generated ~1 GB / 20k-file tree, or on BENCH_TREE (e.g. a Debian root tree). Prints one
// JSON object. Needs the native e2fsprogs and GNU time (/usr/bin/time: wall, user + system
// CPU, peak RSS of each run). Run: node bench/mke2fs-d.mjs
// Timings are wall clock on this machine; compare the ratio, measured in the same run. CPU
// seconds move less with the machine's other load. The runs are deterministic (fixed UUID,
// hash seed and time), so `wasmWithVirtualTree.sha256` is the same before and after a
// change of the runtime that must not change the image.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = fileURLToPath(new URL('..', import.meta.url))
const bootstrap = fileURLToPath(new URL('../../wasm-runtime/child/bootstrap.cjs', import.meta.url))
// BENCH_FILES shrinks the tree for a quick smoke run (the tree is cached per size).
const FILES = Number(process.env.BENCH_FILES ?? 20_000)
const PER_DIR = 100
const work = join(tmpdir(), `diskimage-bench-ext2fs-${FILES}`)
const tree = process.env.BENCH_TREE ?? join(work, 'tree')
const image = join(work, 'bench.img')
const SIZE = process.env.BENCH_SIZE ?? '2G'

function generateTree() {
  const marker = join(tree, '.complete')
  if (existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8'))
  rmSync(tree, { recursive: true, force: true })
  // 1 MiB of noise, sliced at different offsets: mke2fs copies bytes, their entropy is moot.
  let x = 12345
  const noise = Buffer.alloc(1 << 20, 0).map(() => ((x = (x * 1103515245 + 12345) >>> 0) >>> 16) & 0xff)
  let bytes = 0
  for (let i = 0; i < FILES; i++) {
    const dir = join(tree, `d${String(Math.floor(i / PER_DIR)).padStart(3, '0')}`)
    if (i % PER_DIR === 0) mkdirSync(dir, { recursive: true })
    const size = (i * 7919) % 100_000 // 0 … 100 kB, mean 50 kB → ~1 GB
    const start = (i * 4099) % ((1 << 20) - 100_000)
    writeFileSync(join(dir, `f${i}.bin`), noise.subarray(start, start + size))
    bytes += size
  }
  const info = { files: FILES, directories: Math.ceil(FILES / PER_DIR), bytes }
  writeFileSync(marker, JSON.stringify(info))
  return info
}

/** Runs a command under GNU time; returns wall seconds, user + system CPU seconds and peak RSS (KiB). */
function measure(command, args, env) {
  rmSync(image, { force: true })
  const timeFile = join(work, 'time.out')
  execFileSync('/usr/bin/time', ['-o', timeFile, '-f', '%e %U %S %M', command, ...args], { env, stdio: 'ignore' })
  const [seconds, user, system, kib] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).map(Number)
  const fsck = execFileSync('e2fsck', ['-fn', image], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  if (!/clean|files/.test(fsck)) throw new Error(`e2fsck did not pass:\n${fsck}`)
  return { seconds, cpuSeconds: +(user + system).toFixed(2), maxRssKiB: kib }
}

async function sha256(path) {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk)
  return hash.digest('hex')
}

mkdirSync(work, { recursive: true })
const info = process.env.BENCH_TREE ? { tree: process.env.BENCH_TREE } : generateTree()
const config = join(here, 'config/mke2fs.conf')
const seed = '44444444-4444-4444-8888-888888888888'
const args = (root) => ['-F', '-q', '-t', 'ext4', '-U', seed, '-E', `hash_seed=${seed}`, '-d', root, image, SIZE]
// PATH only so GNU time finds the native mke2fs.
const toolEnv = { MKE2FS_CONFIG: config, LC_ALL: 'C', TZ: 'UTC', E2FSPROGS_FAKE_TIME: '1700000000', PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin' }
const wasm = [bootstrap, join(here, 'wasm/mke2fs.cjs'), 'mke2fs', join(here, 'wasm/mke2fs.wasm')]

const native = measure('mke2fs', args(tree), toolEnv)
const plain = measure(process.execPath, [...wasm, ...args(tree)], toolEnv)
const manifest = join(work, 'vfs.json')
writeFileSync(manifest, JSON.stringify({ mountPoint: '/__diskimage__/root', layers: [tree], owner: { uid: 0, gid: 0 }, uniformTimes: true }))
const overlaid = measure(process.execPath, [...wasm, ...args('/__diskimage__/root')], { ...toolEnv, DISKIMAGE_VFS: manifest })
overlaid.sha256 = await sha256(image)
rmSync(image, { force: true })

console.log(JSON.stringify({
  bench: `mke2fs -d (ext4, ${SIZE} image)`,
  tree: info,
  native,
  wasm: plain,
  wasmWithVirtualTree: overlaid,
  ratio: { wasmOverNative: +(plain.seconds / native.seconds).toFixed(2), virtualTreeOverNative: +(overlaid.seconds / native.seconds).toFixed(2) },
}, null, 2))
