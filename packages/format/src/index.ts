export { convert, preloadConverter, type ConvertResult } from './convert.js'
export type { DataRangesOption, ConvertOptions } from './convert-options.js'
export type { ConvertProgress } from './io/raw-source.js'
export type { ByteRange } from './io/ranges.js'
export { formatFileExtension, IMAGE_FORMATS, isImageFormat, type ImageFormat } from './image-format.js'
export {
  CorruptImageError,
  FormatError,
  ImageTooLargeError,
  InvalidOptionError,
  OutputImageError,
  ReadRangeError,
  SourceImageError,
  UnsupportedImageError,
} from './errors.js'
export { openImage } from './open-image-on-demand.js'
export type { DiskImage, ReadableFormat } from './read/disk-image.js'
