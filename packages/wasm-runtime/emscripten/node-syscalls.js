// emscripten --js-library for tools built with Debian's emscripten 3.1.6 and -s NODERAWFS=1.
// Link with: --js-library <this file> --pre-js pre.js
// Each override below replaces a 3.1.6 library function that is wrong for disk tools;
// the bodies are the upstream ones with the fix (upstream wraps syscalls in the same
// try/catch, which an override must therefore repeat).
mergeInto(LibraryManager.library, {
  // 3.1.6 drops offset_high: pread/pwrite above 4 GiB land at offset mod 2^32 (and the
  // low half is used as a signed number, so above 2 GiB already breaks). Combine the halves.
  fd_pwrite__deps: ['$SYSCALLS', '$FS'],
  fd_pwrite: function(fd, iov, iovcnt, {{{ defineI64Param('offset') }}}, pnum) {
    try {
      {{{ receiveI64ParamAsI32s('offset') }}}
      var offset = offset_high * 4294967296 + (offset_low >>> 0);
      var stream = SYSCALLS.getStreamFromFD(fd);
      var num = SYSCALLS.doWritev(stream, iov, iovcnt, offset);
      {{{ makeSetValue('pnum', 0, 'num', 'i32') }}};
      return 0;
    } catch (e) {
      if (typeof FS == 'undefined' || !(e instanceof FS.ErrnoError)) throw e;
      return e.errno;
    }
  },
  fd_pread__deps: ['$SYSCALLS', '$FS'],
  fd_pread: function(fd, iov, iovcnt, {{{ defineI64Param('offset') }}}, pnum) {
    try {
      {{{ receiveI64ParamAsI32s('offset') }}}
      var offset = offset_high * 4294967296 + (offset_low >>> 0);
      var stream = SYSCALLS.getStreamFromFD(fd);
      var num = SYSCALLS.doReadv(stream, iov, iovcnt, offset);
      {{{ makeSetValue('pnum', 0, 'num', 'i32') }}};
      return 0;
    } catch (e) {
      if (typeof FS == 'undefined' || !(e instanceof FS.ErrnoError)) throw e;
      return e.errno;
    }
  },
  // SYSCALLS.get64 returns only the low half in 3.1.6: ftruncate to 5 GiB would give 1 GiB.
  __syscall_ftruncate64__deps: ['$SYSCALLS', '$FS'],
  __syscall_ftruncate64: function(fd, low, high) {
    try {
      FS.ftruncate(fd, high * 4294967296 + (low >>> 0));
      return 0;
    } catch (e) {
      if (typeof FS == 'undefined' || !(e instanceof FS.ErrnoError)) throw e;
      return -e.errno;
    }
  },
  __syscall_truncate64__deps: ['$SYSCALLS', '$FS'],
  __syscall_truncate64: function(path, low, high) {
    try {
      FS.truncate(SYSCALLS.getStr(path), high * 4294967296 + (low >>> 0));
      return 0;
    } catch (e) {
      if (typeof FS == 'undefined' || !(e instanceof FS.ErrnoError)) throw e;
      return -e.errno;
    }
  },
  // 3.1.6 aborts the whole program on an ioctl it does not know (BLKGETSIZE64, FIEMAP,
  // BLKSSZGET... that e2fsprogs tries on a regular file). Linux answers ENOTTY, and the
  // tools fall back to stat() and plain reads when it does.
  __syscall_ioctl__deps: ['$SYSCALLS', '$FS'],
  __syscall_ioctl: function(fd, op, varargs) {
    SYSCALLS.varargs = varargs;
    try {
      var stream = SYSCALLS.getStreamFromFD(fd);
      switch (op) {
        case {{{ cDefine('TCGETA') }}}:
        case {{{ cDefine('TCGETS') }}}:
        case {{{ cDefine('TCSETA') }}}:
        case {{{ cDefine('TCSETAW') }}}:
        case {{{ cDefine('TCSETAF') }}}:
        case {{{ cDefine('TCSETS') }}}:
        case {{{ cDefine('TCSETSW') }}}:
        case {{{ cDefine('TCSETSF') }}}:
        case {{{ cDefine('TIOCGWINSZ') }}}:
        case {{{ cDefine('TIOCSWINSZ') }}}:
          return stream.tty ? 0 : -{{{ cDefine('ENOTTY') }}};
        case {{{ cDefine('TIOCGPGRP') }}}: {
          if (!stream.tty) return -{{{ cDefine('ENOTTY') }}};
          var argp = SYSCALLS.get();
          {{{ makeSetValue('argp', 0, 0, 'i32') }}};
          return 0;
        }
        case {{{ cDefine('FIONREAD') }}}:
          return FS.ioctl(stream, op, SYSCALLS.get());
        default:
          return -{{{ cDefine('ENOTTY') }}};
      }
    } catch (e) {
      if (typeof FS == 'undefined' || !(e instanceof FS.ErrnoError)) throw e;
      return -e.errno;
    } finally {
      SYSCALLS.varargs = undefined;
    }
  },
  // emscripten's libc has no xattr calls, so `mke2fs -d` would copy no capabilities, ACLs or
  // SELinux labels. These answer from the virtual file tree (child/vfs-overlay.cjs sets
  // globalThis.__diskimageXattrs(absolutePath) -> { name: Uint8Array } or null); without a
  // tree every file has no attributes. Node has no API to read the host's own xattrs.
  $diskimageXattrsOf: function(pathPtr) {
    var lookup = globalThis.__diskimageXattrs;
    if (!lookup) return {};
    return lookup(require('path').resolve(process.cwd(), UTF8ToString(pathPtr))) || {};
  },
  llistxattr__deps: ['$diskimageXattrsOf', '$setErrNo'],
  llistxattr: function(path, list, size) {
    var names = Object.keys(diskimageXattrsOf(path)).sort();
    var total = 0;
    for (var i = 0; i < names.length; i++) total += lengthBytesUTF8(names[i]) + 1;
    if (size === 0) return total;
    if (size < total) { setErrNo({{{ cDefine('ERANGE') }}}); return -1; }
    for (var j = 0, at = list; j < names.length; j++) {
      stringToUTF8(names[j], at, lengthBytesUTF8(names[j]) + 1);
      at += lengthBytesUTF8(names[j]) + 1;
    }
    return total;
  },
  lgetxattr__deps: ['$diskimageXattrsOf', '$setErrNo'],
  lgetxattr: function(path, name, value, size) {
    var attrs = diskimageXattrsOf(path);
    var key = UTF8ToString(name);
    if (!Object.prototype.hasOwnProperty.call(attrs, key)) { setErrNo({{{ cDefine('ENODATA') }}}); return -1; }
    var bytes = attrs[key];
    if (size === 0) return bytes.length;
    if (size < bytes.length) { setErrNo({{{ cDefine('ERANGE') }}}); return -1; }
    HEAPU8.set(bytes, value);
    return bytes.length;
  },
  // emscripten shows the program a made-up environment (USER=web_user, LANG from the
  // browser...). Disk tools need the caller's: MKE2FS_CONFIG, SOURCE_DATE_EPOCH,
  // E2FSPROGS_FAKE_TIME, TZ, LC_ALL, MTOOLS_SKIP_CHECK. The parent controls the child's
  // environment completely, so pass process.env through and nothing else.
  $getEnvStrings: function() {
    if (!getEnvStrings.strings) {
      var strings = [];
      for (var name in process.env) strings.push(name + '=' + process.env[name]);
      getEnvStrings.strings = strings;
    }
    return getEnvStrings.strings;
  },
});
