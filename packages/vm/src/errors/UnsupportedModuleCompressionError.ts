import { VmError } from './VmError.js'

/** A kernel module is compressed with a method the initramfs writer cannot unpack (only .ko and .ko.gz are read). */
export class UnsupportedModuleCompressionError extends VmError<'E_UNSUPPORTED_MODULE_COMPRESSION', { path: string }> {
  constructor(path: string) {
    super(
      'E_UNSUPPORTED_MODULE_COMPRESSION',
      `Kernel module ${path} is compressed with xz or zstd, which this package does not unpack: ` +
        'pass a modulesDir with uncompressed (.ko) or gzip (.ko.gz) modules.',
      { path },
    )
  }
}
