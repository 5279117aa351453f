import { utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { mcopy, mdir, mkfsFat } from './index.js'
import { MiB, scratchDir, sparseImage } from './__fixtures__/images.js'
import { native, nativeOk } from './__fixtures__/native.js'

// FAT dates run to 2107; the WASM tools need a 64-bit time_t to get past 2038 (wasm-runtime's
// patched emscripten, see its README "64-bit time"): a 32-bit one wraps 2100 to 1963.
const scratch = scratchDir('post-2038')
afterAll(scratch.cleanup)

const Y2100 = Date.UTC(2100, 0, 1) / 1000
const source = join(scratch.dir, 'late')
writeFileSync(source, 'from 2100\n')
utimesSync(source, Y2100, Y2100)

/** The listing line of one file, as native mdir prints it. */
const entry = (image: string, name: string): string | undefined =>
  nativeOk('mdir', ['-i', image, '::']).stdout.split('\n').find((line) => line.startsWith(name))

describe('FAT dates after 2038', () => {
  it.each<{ name: string; args: string[]; env: Record<string, string> }>([
    { name: 'mcopy -m keeps a file mtime of 2100-01-01', args: ['-m'], env: {} },
    { name: 'SOURCE_DATE_EPOCH of 2100-01-01 stamps the copy', args: [], env: { SOURCE_DATE_EPOCH: String(Y2100) } },
  ])('$name, as native mtools does', async ({ name, args, env }) => {
    const wasmImage = sparseImage(join(scratch.dir, `wasm-${args.length}.img`), 8 * MiB)
    const nativeImage = sparseImage(join(scratch.dir, `native-${args.length}.img`), 8 * MiB)
    for (const image of [wasmImage, nativeImage]) {
      await mkfsFat(['-F', '12', '--invariant', '-i', '12345678', image])
    }
    await mcopy([...args, '-i', wasmImage, source, '::/LATE.TXT'], { env })
    nativeOk('mcopy', [...args, '-i', nativeImage, source, '::/LATE.TXT'], env)
    const line = entry(wasmImage, 'LATE')
    expect(line, name).toContain('2100-01-01')
    expect(line).toBe(entry(nativeImage, 'LATE'))
    expect(native('fsck.fat', ['-n', wasmImage]).code).toBe(0)
    // The WASM mdir reads the date back the same way.
    expect((await mdir(['-i', wasmImage, '::'])).stdout).toContain(line)
  })
})
