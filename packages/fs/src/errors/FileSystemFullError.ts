import { FsError } from './FsError.js'

/**
 * The tree did not fit the file system being written: mke2fs ran out of blocks or
 * inodes, or mcopy filled the FAT partition. The WASM tool's own words are in
 * `data.detail`; the caller (core) knows which option sets the size and says so.
 */
export class FileSystemFullError extends FsError<'FILE_SYSTEM_FULL', { fileSystem: 'ext4' | 'fat'; sizeBytes: number; detail: string }> {
  constructor(fileSystem: 'ext4' | 'fat', sizeBytes: number, detail: string, options?: { cause?: unknown }) {
    super(
      'FILE_SYSTEM_FULL',
      `the ${fileSystem} file system (${(sizeBytes / 1048576).toFixed(1)} MiB) is too small for the files to copy into it (${detail}); ` +
        'give the partition more space or copy fewer files.',
      { fileSystem, sizeBytes, detail },
      options,
    )
  }
}
