import { ZSTD_WASM } from '../compress/compression-pool.js'
import { instantiateWasm, type StandaloneExports } from '../wasm-instance.js'

interface ZstdExports extends StandaloneExports {
  zstd_decompress_block(input: number, inputSize: number, output: number, outputSize: number): number
}

let zstd: { exports: ZstdExports; input: number; inputSize: number; output: number; outputSize: number } | undefined

/**
 * Decompresses the zstd frames at the start of `input` (which may run on past them: qcow2 records only
 * the sectors a compressed cluster spans) into exactly `clusterSize` bytes, as qemu's
 * qcow2_zstd_decompress does; undefined when they are corrupt or do not make exactly one cluster.
 * libzstd in WASM (wasm/build-zstd.sh), loaded on first use: Node 20 has no zstd.
 */
export function decompressZstdCluster(input: Uint8Array, clusterSize: number): Buffer | undefined {
  if (!zstd) {
    zstd = { exports: instantiateWasm<ZstdExports>(ZSTD_WASM), input: 0, inputSize: 0, output: 0, outputSize: 0 }
  }
  const e = zstd.exports
  if (zstd.inputSize < input.length) zstd = { ...zstd, input: e.block_alloc(input.length), inputSize: input.length }
  if (zstd.outputSize < clusterSize) zstd = { ...zstd, output: e.block_alloc(clusterSize), outputSize: clusterSize }
  if (zstd.input === 0 || zstd.output === 0) throw new Error('zstd: out of WebAssembly memory')
  new Uint8Array(e.memory.buffer, zstd.input, input.length).set(input)
  const status = e.zstd_decompress_block(zstd.input, input.length, zstd.output, clusterSize)
  if (status === -2) throw new Error('zstd: out of WebAssembly memory')
  // The memory may have grown during the call: take a fresh view of it, and copy out of it.
  return status === 0 ? Buffer.from(new Uint8Array(e.memory.buffer, zstd.output, clusterSize)) : undefined
}
