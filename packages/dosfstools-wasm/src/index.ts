export { mkfsFat, fsckFat, fatlabel, mcopy, mmd, mdir, mattrib, mlabel } from './tools.js'
export { runDosfsTool, defaultDosfsEnv, type DosfsRunOptions } from './run-dosfs-tool.js'
export {
  toolFiles,
  isDosfsTool,
  mtoolsrcPath,
  dosfstoolsTools,
  mtoolsApplets,
  type DosfsTool,
  type DosfstoolsTool,
  type MtoolsApplet,
} from './tool-files.js'
export { DosfstoolsWasmError } from './errors/dosfstools-wasm-error.js'
export { DosfstoolsWasmMissingError } from './errors/dosfstools-wasm-missing-error.js'
export { UnknownDosfsToolError } from './errors/unknown-dosfs-tool-error.js'
export {
  WasmToolError,
  WasmToolKilledError,
  VfsManifestError,
  type VfsManifest,
  type VfsRule,
  type WasmToolResult,
} from '@diskimage/wasm-runtime'
