// Test fixtures: raw images made with fs calls and with the native tools (parted, mkfs.ext4 -d), and
// helpers that run qemu-img, the oracle for every format.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeSync, ftruncateSync, readSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DiskImage } from '../read/disk-image.js'
import { type ByteRange, normalizeRanges } from '../io/ranges.js'

export const MiB = 1 << 20
export const GiB = 1 << 30

/** A fresh directory under the system temp dir; `cleanup` removes it. */
export function workDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'diskimage-format-'))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Deterministic bytes: 'random' does not compress (so qcow2 stores it raw), 'text' compresses well. */
export function patternBytes(seed: number, length: number, kind: 'random' | 'text'): Buffer {
  if (kind === 'text') {
    const line = `line ${seed}: the quick brown fox jumps over the lazy dog ${seed * 7919}\n`
    return Buffer.from(line.repeat(Math.ceil(length / line.length)).slice(0, length))
  }
  const out = Buffer.alloc(length)
  let state = seed * 2654435761 + 1
  for (let i = 0; i < length; i += 32) {
    const block = createHash('sha256').update(String(state++)).digest()
    block.copy(out, i, 0, Math.min(32, length - i))
  }
  return out
}

/** A sparse raw image of `size` bytes holding `pieces` at their offsets and holes elsewhere. */
export function makeSparseImage(path: string, size: number, pieces: Array<{ offset: number; data: Buffer }>): string {
  const fd = openSync(path, 'w')
  ftruncateSync(fd, size)
  for (const { offset, data } of pieces) writeSync(fd, data, 0, data.length, offset)
  closeSync(fd)
  return path
}

/** Runs a native tool; throws with its output when it fails and `allowFailure` is not set. */
export function run(command: string, args: string[], allowFailure = false): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } })
  const status = result.status ?? -1
  if (!allowFailure && status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${status}: ${result.stderr}${result.stdout}`)
  return { status, stdout: result.stdout, stderr: result.stderr }
}

/** `qemu-img map -f raw`'s data extents of a raw file, merged: the oracle for our map of holes. */
export function qemuDataExtents(path: string): ByteRange[] {
  const map = JSON.parse(run('qemu-img', ['map', '--output=json', '-f', 'raw', path]).stdout) as Array<{ start: number; length: number; data: boolean }>
  return normalizeRanges(map.filter((entry) => entry.data).map((entry) => ({ offset: entry.start, length: entry.length })))
}

/** qemu's driver name for one of our formats. */
export function qemuFormat(format: string): string {
  return format === 'qcow2-compressed' ? 'qcow2' : format
}

/** `qemu-img compare -f raw -F <fmt> raw image`: exit 0 means identical content. */
export function qemuCompare(rawPath: string, imagePath: string, format: string): { status: number; output: string } {
  const { status, stdout, stderr } = run('qemu-img', ['compare', '-f', 'raw', '-F', qemuFormat(format), rawPath, imagePath], true)
  return { status, output: stdout + stderr }
}

/** `qemu-img check`: exit 0 means no errors and no leaks. */
export function qemuCheck(imagePath: string, format: string): { status: number; output: string } {
  const { status, stdout, stderr } = run('qemu-img', ['check', '-f', qemuFormat(format), imagePath], true)
  return { status, output: stdout + stderr }
}

/** `qemu-img info` as JSON; pass `format` where probing cannot tell (a fixed VHD looks raw to qemu). */
export function qemuInfo(imagePath: string, format?: string): { 'virtual-size': number; format: string } {
  const formatArgs = format ? ['-f', qemuFormat(format)] : []
  return JSON.parse(run('qemu-img', ['info', ...formatArgs, '--output', 'json', imagePath]).stdout)
}

/** Reads `length` bytes of a (possibly huge) raw file at `offset`, zeros past its end. */
export function readRaw(path: string, offset: number, length: number): Buffer {
  const fd = openSync(path, 'r')
  const out = Buffer.alloc(length)
  readSync(fd, out, 0, length, offset)
  closeSync(fd)
  return out
}

/** The first range where `image` differs from the raw file, in 4 MiB steps over `ranges` (default: all). */
export async function firstDifference(image: DiskImage, rawPath: string, ranges?: Array<[number, number]>): Promise<number | undefined> {
  const step = 4 * MiB
  for (const [start, end] of ranges ?? [[0, image.virtualSize]]) {
    for (let offset = start; offset < end; offset += step) {
      const length = Math.min(step, end - offset)
      if (!(await image.read(offset, length)).equals(readRaw(rawPath, offset, length))) return offset
    }
  }
  return undefined
}

/** sha256 of a file, to compare outputs byte for byte. */
export function fileDigest(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex')
}

/**
 * A GPT-partitioned raw image (parted) whose partition holds an ext4 filesystem made by mkfs.ext4 -d
 * from a generated tree of text and random files, like the builder's images but with native tools.
 */
export function makeExt4Image(dir: string, sizeMiB = 48): string {
  const tree = join(dir, 'tree')
  for (let d = 0; d < 8; d++) {
    mkdirSync(join(tree, `dir${d}`), { recursive: true })
    for (let f = 0; f < 25; f++) {
      const seed = d * 100 + f
      const size = (seed * 7919) % 200_000
      writeFileSync(join(tree, `dir${d}`, `file${f}`), patternBytes(seed, size, f % 3 === 0 ? 'random' : 'text'))
    }
  }
  const image = join(dir, 'ext4.img')
  makeSparseImage(image, sizeMiB * MiB, [])
  run('parted', ['-s', image, 'mklabel', 'gpt', 'mkpart', 'primary', 'ext4', '1MiB', '100%'])
  const partitionKiB = sizeMiB * 1024 - 1024 - 1024
  run('mkfs.ext4', ['-q', '-F', '-b', '4096', '-d', tree, '-E', `offset=${MiB}`, image, `${partitionKiB}k`])
  run('e2fsck', ['-fn', `${image}?offset=${MiB}`])
  return image
}

/** qemu's default qcow2 cluster size. */
const QCOW2_CLUSTER = 64 << 10

/** Guest cluster index → [file offset, sectors spanned] of each compressed cluster, read from the L1 and L2 tables (qcow2.txt). */
export function compressedClusters(image: Buffer): Map<number, [number, number]> {
  const l1Size = image.readUInt32BE(36)
  const l1Offset = Number(image.readBigUInt64BE(40))
  const sizeShift = 62n - 8n // cluster_bits 16
  const clusters = new Map<number, [number, number]>()
  for (let i = 0; i < l1Size; i++) {
    const l2 = Number(image.readBigUInt64BE(l1Offset + i * 8) & 0x00fffffffffffe00n)
    if (l2 === 0) continue
    for (let j = 0; j < QCOW2_CLUSTER / 8; j++) {
      const entry = image.readBigUInt64BE(l2 + j * 8)
      if (!(entry & (1n << 62n))) continue
      const offset = Number(entry & ((1n << sizeShift) - 1n))
      const sectors = Number((entry >> sizeShift) & 0xffn) + 1
      clusters.set(i * (QCOW2_CLUSTER / 8) + j, [offset, sectors])
    }
  }
  return clusters
}
