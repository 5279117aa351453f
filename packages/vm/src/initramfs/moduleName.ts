import { basename } from 'node:path'

/**
 * The name the kernel knows a module by, from its file path: "kernel/crypto/crc32c_generic.ko.xz"
 * → "crc32c_generic". Dashes and underscores are interchangeable in module names; modprobe uses
 * underscores, so we do too.
 */
export function moduleName(path: string): string {
  return basename(path)
    .replace(/\.ko(\.(gz|xz|zst))?$/, '')
    .replaceAll('-', '_')
}
