'use strict'
// Child-process side of runWasmTool: one run of one emscripten-built tool per process,
// because the tools call exit(), chdir() and keep state in C globals.
//
//   node bootstrap.cjs <glue.cjs> <program name> <wasm path or ""> [args...]
//
// Environment read here (set by the parent, removed before the tool sees its environ):
//   DISKIMAGE_VFS   path of a virtual file tree manifest (see vfs-overlay.cjs)
// The tool's own environ is the rest of process.env, passed through by the pre-js in
// ../emscripten/pre.js (emscripten hides the host environment by default).

const fs = require('fs')
const path = require('path')
const tty = require('tty')

const [gluePath, programName, wasmPath, ...args] = process.argv.slice(2)

const manifestPath = process.env.DISKIMAGE_VFS
delete process.env.DISKIMAGE_VFS
if (manifestPath) {
  // Before the glue loads: NODERAWFS must only ever see the patched fs functions.
  require('./vfs-overlay.cjs').install(JSON.parse(fs.readFileSync(manifestPath, 'utf8')))
}
// Outermost, so it sees every fs call the glue makes: joins the tool's many small
// contiguous writes (one per 4 KiB block in e2fsprogs) into few large ones.
require('./write-coalescer.cjs').install()

// Read by ../emscripten/pre.js: emscripten 3.1.6 marks fds 0-2 as terminals, so tools
// would prompt ("Proceed anyway?") and end lines in \r\n even when run from a script.
globalThis.__diskimageIsatty = [0, 1, 2].map((fd) => tty.isatty(fd))

globalThis.Module = {
  arguments: args,
  thisProgram: programName,
  // Loaded synchronously (WASM_ASYNC_COMPILATION=0), so no fetch() of the path under Node 18+.
  ...(wasmPath ? { wasmBinary: fs.readFileSync(wasmPath) } : {}),
}

// The glue reads its argv from process.argv (Module.arguments is only honoured when the
// build lists it in INCOMING_MODULE_JS_API), and argv[0] from process.argv[1]: some tools
// (mtools) dispatch on their program name.
process.argv = [process.argv[0], programName, ...args]

require(path.resolve(gluePath))
