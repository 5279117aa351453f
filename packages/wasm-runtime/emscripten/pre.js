// emscripten --pre-js for tools run by @diskimage/wasm-runtime (see node-syscalls.js).
// emscripten 3.1.6 marks fds 0-2 as terminals. Tools then prompt ("Proceed anyway (or
// wait 5 seconds)?"), read end-of-file as "no" and fail, and end lines in \r\n. Set each
// stream's tty flag from the host (computed by child/bootstrap.cjs, or here when the glue
// is run directly), after the runtime created the streams and before main() runs.
(function() {
  var previous = Module['onRuntimeInitialized'];
  Module['onRuntimeInitialized'] = function() {
    var flags = globalThis.__diskimageIsatty ||
      [0, 1, 2].map(function(fd) { return require('tty').isatty(fd); });
    for (var fd = 0; fd < 3; fd++) {
      if (FS.streams[fd]) FS.streams[fd].tty = flags[fd];
    }
    if (previous) previous();
  };
})();
