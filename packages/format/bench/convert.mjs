#!/usr/bin/env node
// Benchmark: our convert against `qemu-img convert` on the same raw images in the same run, per
// format: wall time ratio, output size ratio, peak RSS. JSON on stdout (or --json FILE), a table on stderr.
//
// Inputs (both by default):
//   minbase  a GPT + ext4 image made with parted and mkfs.ext4 -d from a tree: --tree DIR, else
//            $DISKIMAGE_BENCH_TREE, else the cached Debian minbase fixture tree, else /usr/bin.
//   sparse   a 20 GiB sparse image with a few MB of data in scattered places (--sparse-gib N).
// Or --raw FILE to bench one given raw image. --formats a,b,c to pick formats. Needs `npx tsc -b
// packages/format` first (it imports dist/). The machine's other load makes the numbers rough.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, mkdtempSync, openSync, closeSync, writeSync, ftruncateSync, rmSync, statSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const here = dirname(fileURLToPath(import.meta.url))
const { values: args } = parseArgs({
  options: {
    raw: { type: 'string' },
    tree: { type: 'string' },
    'sparse-gib': { type: 'string', default: '20' },
    formats: { type: 'string', default: 'qcow2,qcow2-compressed,qcow2-compressed:deflate-fast,vdi,vpc,vmdk,vmdk:deflate-fast,raw' },
    json: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
})
const QEMU_ARGS = {
  raw: ['-O', 'raw'],
  qcow2: ['-O', 'qcow2'],
  'qcow2-compressed': ['-O', 'qcow2', '-c'],
  vdi: ['-O', 'vdi'],
  vpc: ['-O', 'vpc'],
  vmdk: ['-O', 'vmdk', '-o', 'subformat=streamOptimized'],
}
const work = mkdtempSync(join(tmpdir(), 'diskimage-bench-'))

function must(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`${command} ${commandArgs.join(' ')}: ${result.stderr}`)
  return result.stdout
}

const TICKS_PER_SECOND = 100

/**
 * Runs a command, polling /proc every 10 ms for its peak RSS (VmHWM) and CPU time (utime + stime of
 * all its threads); returns wall ms, CPU ms and peak bytes. CPU time says more than wall time on a
 * machine shared with other work: a process starved of CPU has a long wall time but the same CPU time.
 */
function timed(command, commandArgs) {
  return new Promise((resolve, reject) => {
    const start = performance.now()
    const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'inherit'] })
    let peak = 0
    let cpuMs = 0
    let stdout = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    const poll = setInterval(() => {
      try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
        if (match) peak = Math.max(peak, Number(match[1]) * 1024)
        const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ')
        cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND
      } catch {}
    }, 10)
    child.on('error', reject)
    child.on('close', (code) => {
      clearInterval(poll)
      if (code !== 0) reject(new Error(`${command} exited ${code}`))
      else resolve({ ms: performance.now() - start, cpuMs, maxRssBytes: peak, stdout })
    })
  })
}

function minbaseImage() {
  const cacheDir = process.env.DISKIMAGE_FIXTURE_CACHE ?? '/var/tmp/diskimage-fixtures'
  const cached = existsSync(cacheDir) ? readdirSync(cacheDir).find((name) => /^bookworm-minbase-r\d+$/.test(name)) : undefined
  const tree = args.tree ?? process.env.DISKIMAGE_BENCH_TREE ?? (cached ? join(cacheDir, cached) : '/usr/bin')
  const treeBytes = Number(must('du', ['-sb', tree]).split('\t')[0])
  const sizeMiB = Math.ceil((treeBytes * 1.6) / 2 ** 20) + 512
  const image = join(work, 'minbase.img')
  const fd = openSync(image, 'w')
  ftruncateSync(fd, sizeMiB * 2 ** 20)
  closeSync(fd)
  // The reference's efi layout: ESP from 8 MiB, root after it; here only the root is filled.
  must('parted', ['-s', image, 'mklabel', 'gpt', 'mkpart', 'ESP', 'fat32', '8MiB', '264MiB', 'mkpart', 'primary', 'ext4', '264MiB', '100%'])
  must('mkfs.ext4', ['-q', '-F', '-b', '4096', '-d', tree, '-E', `offset=${264 * 2 ** 20}`, image, `${(sizeMiB - 265) * 1024}k`])
  return { name: `minbase (${tree}, ${(treeBytes / 1e6).toFixed(0)} MB of files)`, path: image }
}

function sparseImage() {
  const size = Number(args['sparse-gib']) * 2 ** 30
  const image = join(work, 'sparse.img')
  const fd = openSync(image, 'w')
  ftruncateSync(fd, size)
  let seed = 1
  for (const offset of [0, size / 4 + 12345, size / 2, (size * 3) / 4 - 4096, size - 512]) {
    const data = Buffer.alloc(Math.min(1 << 20, size - offset))
    for (let i = 0; i < data.length; i++) data[i] = i % 7 === 0 ? (seed = (seed * 1103515245 + 12345) & 0xff) : 65 + (i % 26)
    writeSync(fd, data, 0, data.length, offset)
  }
  closeSync(fd)
  return { name: `sparse ${args['sparse-gib']} GiB`, path: image }
}

const inputs = args.raw ? [{ name: args.raw, path: args.raw }] : [minbaseImage(), sparseImage()]
const results = []
for (const input of inputs) {
  // "format:compress" runs our side with that compress option (qemu-img has no such choice).
  for (const variant of args.formats.split(',')) {
    const [format, compress = ''] = variant.split(':')
    const ours = join(work, `ours.${format}`)
    const theirs = join(work, `qemu.${format}`)
    const qemu = await timed('qemu-img', ['convert', '-f', 'raw', ...QEMU_ARGS[format], input.path, theirs])
    const run = await timed(process.execPath, [join(here, 'convert-one.mjs'), input.path, format, ours, '', compress])
    // CPU time and RSS as the process measured them itself (exact, worker threads included).
    const own = JSON.parse(run.stdout)
    const row = {
      input: input.name,
      format: variant,
      oursMs: Math.round(own.ms),
      qemuMs: Math.round(qemu.ms),
      speedup: +(qemu.ms / own.ms).toFixed(2),
      oursCpuMs: Math.round(own.cpuMs),
      qemuCpuMs: Math.round(qemu.cpuMs),
      // Allocated bytes (st_blocks): what the image costs on disk, holes excluded.
      oursBytes: statSync(ours).blocks * 512,
      qemuBytes: statSync(theirs).blocks * 512,
      sizeRatio: +(statSync(ours).blocks / Math.max(1, statSync(theirs).blocks)).toFixed(4),
      oursFileBytes: statSync(ours).size,
      qemuFileBytes: statSync(theirs).size,
      oursPeakRssMiB: +(own.maxRssBytes / 2 ** 20).toFixed(0),
      qemuPeakRssMiB: +(qemu.maxRssBytes / 2 ** 20).toFixed(0),
    }
    results.push(row)
    console.error(`${input.name.padEnd(28).slice(0, 28)} ${variant.padEnd(30)} ours ${String(row.oursMs).padStart(6)} ms  qemu-img ${String(row.qemuMs).padStart(6)} ms  speedup ${row.speedup}×  cpu ${row.oursCpuMs}/${row.qemuCpuMs} ms  size ${row.sizeRatio}  rss ${row.oursPeakRssMiB}/${row.qemuPeakRssMiB} MiB`)
    rmSync(ours)
    rmSync(theirs)
  }
}
const report = JSON.stringify({ machine: { cpus: (await import('node:os')).availableParallelism(), node: process.version, qemuImg: must('qemu-img', ['--version']).split('\n')[0] }, results }, null, 2)
if (args.json) writeFileSync(args.json, report)
else console.log(report)
if (!args.keep) rmSync(work, { recursive: true, force: true })
