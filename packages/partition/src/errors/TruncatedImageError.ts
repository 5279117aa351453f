import { PartitionError } from './PartitionError.js'

/** The image ends before a structure the table says is there. */
export class TruncatedImageError extends PartitionError<'E_TRUNCATED_IMAGE', { path: string; structure: string; needBytes: number; fileBytes: number }> {
  constructor(path: string, structure: string, needBytes: number, fileBytes: number) {
    super(
      'E_TRUNCATED_IMAGE',
      `${path} is ${fileBytes} bytes, too short for the ${structure} (needs ${needBytes} bytes): the image is truncated or not a disk image.`,
      { path, structure, needBytes, fileBytes },
    )
  }
}
