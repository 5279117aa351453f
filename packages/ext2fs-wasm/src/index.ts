export { mke2fs, tune2fs, e2fsck, debugfs } from './tools.js'
export { runExt2fsTool, type Ext2fsRunOptions } from './run-ext2fs-tool.js'
export { mke2fsConfigPath, e2fsckConfigPath, toolFiles, ext2fsTools, type Ext2fsTool } from './tool-files.js'
export { Ext2fsWasmError } from './errors/ext2fs-wasm-error.js'
export { Ext2fsWasmMissingError } from './errors/ext2fs-wasm-missing-error.js'
export {
  WasmToolError,
  WasmToolKilledError,
  VfsManifestError,
  type VfsManifest,
  type VfsRule,
  type WasmToolResult,
} from '@diskimage/wasm-runtime'
