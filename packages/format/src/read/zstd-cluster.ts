import { ZSTD_WASM } from '../compress/compression-pool.js'
import { instantiateWasm, type StandaloneExports, WasmBuffer } from '../wasm-instance.js'

interface ZstdExports extends StandaloneExports {
  zstd_decompress_block(input: number, inputSize: number, output: number, outputSize: number): number
}

let zstd: { exports: ZstdExports; input: WasmBuffer; output: WasmBuffer } | undefined

/**
 * Decompresses the zstd frames at the start of `input` (which may run on past them: qcow2 records only
 * the sectors a compressed cluster spans) into exactly `clusterSize` bytes, as qemu's
 * qcow2_zstd_decompress does; undefined when they are corrupt or do not make exactly one cluster.
 * libzstd in WASM (wasm/build-zstd.sh), loaded on first use: Node 20 has no zstd.
 */
export function decompressZstdCluster(input: Uint8Array, clusterSize: number): Buffer | undefined {
  if (!zstd) {
    const exports = instantiateWasm<ZstdExports>(ZSTD_WASM)
    zstd = { exports, input: new WasmBuffer(exports), output: new WasmBuffer(exports) }
  }
  const output = zstd.output.reserve(clusterSize)
  const status = zstd.exports.zstd_decompress_block(zstd.input.write(input), input.length, output, clusterSize)
  if (status === -2) throw new Error('zstd: out of WebAssembly memory')
  // The memory may have grown during the call: take a fresh view of it, and copy out of it.
  return status === 0 ? Buffer.from(new Uint8Array(zstd.exports.memory.buffer, output, clusterSize)) : undefined
}
