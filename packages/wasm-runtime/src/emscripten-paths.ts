import { fileURLToPath } from 'node:url'

/**
 * Files to link every tool with (`--js-library` and `--pre-js`), for build scripts written
 * in JS. Shell build scripts use the same files by path: packages/wasm-runtime/emscripten/.
 */
export const emscriptenLinkFiles = {
  jsLibrary: fileURLToPath(new URL('../emscripten/node-syscalls.js', import.meta.url)),
  preJs: fileURLToPath(new URL('../emscripten/pre.js', import.meta.url)),
} as const
