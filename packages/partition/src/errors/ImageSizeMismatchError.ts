import { PartitionError } from './PartitionError.js'

/** The image file's size does not match the table's totalSectors: the backup GPT would land in the wrong place. */
export class ImageSizeMismatchError extends PartitionError<'E_IMAGE_SIZE_MISMATCH', { path: string; fileBytes: number; tableBytes: number }> {
  constructor(path: string, fileBytes: number, tableBytes: number) {
    super(
      'E_IMAGE_SIZE_MISMATCH',
      `The image ${path} is ${fileBytes} bytes, but the table describes a disk of ${tableBytes} bytes: ` +
        'create (truncate) the image to exactly totalSectors * 512 bytes before writing the table.',
      { path, fileBytes, tableBytes },
    )
  }
}
