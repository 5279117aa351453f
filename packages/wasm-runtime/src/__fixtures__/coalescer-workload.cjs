'use strict'
// A seeded workload of writes, reads, stats and truncations shaped like a disk tool's
// (interleaved sequential streams of 4 KiB blocks, rewrites, read-backs, a second
// descriptor on the same file, another file, writes past the end, unaligned sizes), run
// the way NODERAWFS runs a tool: through the synchronous `fs` functions, each descriptor
// fstat-ed after its open. Prints one JSON line: what every read and stat saw, the final
// bytes of both files, and how many writes reached the real fs.writeSync.
//
//   node coalescer-workload.cjs <dir> <seed> <steps> [coalesce]
//
// With "coalesce", child/write-coalescer.cjs is installed first (as bootstrap.cjs does).
const fs = require('fs')
const path = require('path')
const crypto = require('crypto')

const [dir, seedText, stepsText, mode] = process.argv.slice(2)
let writes = 0
const realWrite = fs.writeSync
fs.writeSync = function countedWrite() {
  writes++
  return realWrite.apply(fs, arguments)
}
if (mode === 'coalesce') require('../../child/write-coalescer.cjs').install()

let seed = Number(seedText) >>> 0
const random = (n) => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
  return (seed >>> 8) % n
}

const image = path.join(dir, 'image.bin')
const other = path.join(dir, 'other.bin')
const BLOCK = 4096
fs.writeFileSync(image, '')
fs.truncateSync(image, 256 * BLOCK)
const openFile = (p, flags = 0) => {
  const fd = fs.openSync(p, fs.constants.O_RDWR | fs.constants.O_CREAT | flags, 0o644)
  fs.fstatSync(fd)
  return fd
}
let a = openFile(image)
const b = openFile(image)
let c = openFile(other)
const seen = crypto.createHash('sha256')
const heap = Buffer.alloc(1 << 20)
const streams = [0, 64, 128, 200].map((block) => block * BLOCK)

for (let step = 0; step < Number(stepsText); step++) {
  const op = random(1000)
  const fd = random(10) === 0 ? b : a
  if (op < 750) {
    // Continue one of the sequential streams, sometimes with more than one block.
    const s = random(streams.length)
    const length = BLOCK * (1 + (random(4) === 0 ? random(8) : 0))
    const at = random(heap.length - length)
    heap.fill(random(256), at, at + length)
    fs.writeSync(fd, heap, at, length, streams[s])
    streams[s] += length
  } else if (op < 830) {
    // Rewrite or partly overwrite something written before, at any alignment.
    const length = 1 + random(3 * BLOCK)
    heap.fill(random(256), 0, length)
    fs.writeSync(fd, heap, 0, length, random(300 * BLOCK))
  } else if (op < 840) {
    fs.writeSync(fd, heap, 0, 700 * 1024, random(400) * BLOCK) // larger than a run
  } else if (op < 940) {
    // Read back a block a stream wrote a moment ago (as unix_io does), or any range.
    const s = random(streams.length)
    const length = random(2) ? BLOCK : 1 + random(2 * BLOCK)
    const at = random(2) ? Math.max(0, streams[s] - BLOCK * (1 + random(3))) : random(420 * BLOCK)
    const n = fs.readSync(random(2) ? a : b, heap, 4096, length, at)
    seen.update(`read ${n} `).update(heap.subarray(4096, 4096 + n))
  } else if (op < 960) {
    const length = 1 + random(BLOCK)
    heap.fill(random(256), 0, length)
    fs.writeSync(c, heap, 0, length, random(64 * BLOCK))
    if (random(2)) {
      const n = fs.readSync(c, heap, 0, BLOCK, random(64 * BLOCK))
      seen.update(`other ${n} `).update(heap.subarray(0, n))
    }
  } else if (op < 975) {
    seen.update(random(2) ? `fstat ${fs.fstatSync(fd).size} ` : `stat ${fs.statSync(image).size} `)
  } else if (op < 980) {
    fs.ftruncateSync(fd, (200 + random(300)) * BLOCK + random(BLOCK))
  } else if (op < 990) {
    fs.closeSync(a)
    a = openFile(image)
  } else if (op < 993) {
    // Truncating open while the old descriptor (and what was just written through it) is open.
    fs.writeSync(c, heap, 0, 100, random(64 * BLOCK))
    const truncated = openFile(other, fs.constants.O_TRUNC)
    fs.closeSync(c)
    c = truncated
  } else {
    seen.update(`text ${fs.readFileSync(image).length} `)
  }
}
// No close: what is still kept must reach the file at exit.
process.on('exit', () => {
  const digest = (p) => crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex')
  process.stdout.write(JSON.stringify({ seen: seen.digest('hex'), image: digest(image), other: digest(other), writes }) + '\n')
})
