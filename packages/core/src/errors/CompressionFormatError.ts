import { DiskImageError } from './DiskImageError.js'

/**
 * `compression` names a compressor the output format does not use: only qcow2-compressed clusters and
 * vmdk grains are compressed, and a vmdk grain is always deflate (no zstd).
 */
export class CompressionFormatError extends DiskImageError<'E_COMPRESSION_FORMAT', { compression: string; format: string; formats: readonly string[] }> {
  constructor(compression: string, format: string, formats: readonly string[]) {
    const list = formats.map((f) => JSON.stringify(f)).join(' or ')
    super(
      'E_COMPRESSION_FORMAT',
      `compression: ${JSON.stringify(compression)} applies to format ${list} only, not ${JSON.stringify(format)}; set format to ${list} or drop compression`,
      { compression, format, formats },
    )
  }
}
