import { DiskImageError } from './DiskImageError.js'

/**
 * The ext2/3/4 volume label holds 16 bytes (s_volume_name); mke2fs would only warn
 * and silently truncate it, so the label the user asked for would not be on disk.
 */
export class LabelTooLongError extends DiskImageError<'E_LABEL_TOO_LONG', { label: string; bytes: number; maximumBytes: number }> {
  constructor(label: string, bytes: number, maximumBytes: number) {
    super(
      'E_LABEL_TOO_LONG',
      `label: ${JSON.stringify(label)} is ${bytes} bytes (UTF-8) long; an ext4 label holds at most ${maximumBytes} bytes, shorten it`,
      { label, bytes, maximumBytes },
    )
  }
}
