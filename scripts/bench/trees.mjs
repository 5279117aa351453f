// The trees the bench builds images from. Each is made once and cached under the bench cache
// (DISKIMAGE_BENCH_CACHE, default /var/tmp/diskimage-bench): built under a ".tmp" name and renamed
// when complete, so a killed run never leaves a half tree that a later run would trust.
import { execFileSync } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { importFixture } from './fixtures.mjs'

export function benchCacheDir() {
  return process.env.DISKIMAGE_BENCH_CACHE ?? '/var/tmp/diskimage-bench'
}

async function cached(name, build) {
  const dir = join(benchCacheDir(), 'trees', name)
  if (existsSync(dir)) return dir
  const temp = `${dir}.tmp`
  rmSync(temp, { recursive: true, force: true })
  mkdirSync(temp, { recursive: true })
  try {
    await build(temp)
  } catch (error) {
    rmSync(temp, { recursive: true, force: true })
    throw error
  }
  renameSync(temp, dir)
  return dir
}

/** The Debian bookworm minbase tree of the shared test fixture (debootstrap, cached there). */
export async function minbaseTree() {
  const { debianTree } = await importFixture('debian-tree')
  return debianTree()
}

/** `copies` copies of `source` side by side (copy-00 …), made with cp -a: same modes, owners, links, nodes. */
export async function replicatedTree(source, copies) {
  return cached(`minbase-x${copies}`, (dir) => {
    for (let i = 0; i < copies; i++) execFileSync('cp', ['-a', source, join(dir, `copy-${String(i).padStart(2, '0')}`)])
  })
}

/** Bytes of real file data to slice generated files from: compresses like a real system, not like noise or zeros. */
function corpusFrom(tree, bytes) {
  const corpus = Buffer.alloc(bytes)
  let filled = 0
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (filled >= bytes) return
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.isFile()) {
        const fd = openSync(path, 'r')
        try {
          filled += readSync(fd, corpus, filled, Math.min(bytes - filled, statSync(path).size), 0)
        } finally {
          closeSync(fd)
        }
      }
    }
  }
  walk(join(tree, 'usr'))
  if (filled < bytes) throw new Error(`the corpus tree ${tree} has only ${filled} bytes of files; need ${bytes}`)
  return corpus
}

/**
 * A generated tree of `files` regular files holding `totalBytes` together, 100 per directory in a
 * two-level hierarchy. Sizes are log-uniform from 16 B to 200 kB (most files small, a few large, as
 * on a real system), scaled to the total; contents are slices of real files from `corpusTree`.
 * Deterministic: the same arguments give the same tree.
 */
export async function generatedTree(corpusTree, files, totalBytes) {
  return cached(`generated-${files}-files-${totalBytes}-bytes`, (dir) => {
    const corpus = corpusFrom(corpusTree, 64 << 20)
    let seed = 0x2545f491
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32)
    const raw = Array.from({ length: files }, () => Math.exp(Math.log(16) + random() * Math.log(200_000 / 16)))
    const scale = totalBytes / raw.reduce((a, b) => a + b, 0)
    const sizes = raw.map((s) => Math.floor(s * scale))
    sizes[files - 1] += totalBytes - sizes.reduce((a, b) => a + b, 0)
    const maxSize = Math.max(...sizes)
    if (maxSize > corpus.length) throw new Error(`file size ${maxSize} exceeds the corpus`)
    for (let i = 0; i < files; i++) {
      const sub = join(dir, `d${String(Math.floor(i / 10_000)).padStart(2, '0')}`, `s${String(Math.floor(i / 100) % 100).padStart(2, '0')}`)
      if (i % 100 === 0) mkdirSync(sub, { recursive: true })
      const start = Math.floor(random() * (corpus.length - sizes[i]))
      writeFileSync(join(sub, `f${String(i).padStart(6, '0')}.dat`), corpus.subarray(start, start + sizes[i]))
    }
  })
}

/** Entries (find | wc -l) and apparent bytes of regular files (du --apparent-size) of a tree. */
export function treeStats(tree) {
  const entries = Number(execFileSync('sh', ['-c', 'find . | wc -l'], { cwd: tree, encoding: 'utf8' }).trim())
  const bytes = Number(execFileSync('du', ['-s', '--apparent-size', '--block-size=1', '.'], { cwd: tree, encoding: 'utf8' }).split('\t')[0])
  return { entries, bytes }
}
