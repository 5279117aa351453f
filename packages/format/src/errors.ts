/**
 * Errors of @diskimage/format. Every error has a string-literal `code` and a `data` object with the
 * values that caused it, so callers can test for a kind without parsing messages. This is a leaf
 * package, so it has its own base class (same shape as core's DiskImageError) instead of importing core.
 */
export class FormatError<C extends string = string, D extends object = object> extends Error {
  readonly code: C
  readonly data: D
  constructor(code: C, message: string, data: D) {
    super(message)
    this.name = new.target.name
    this.code = code
    this.data = data
  }
}

/** An option of `convert` has a value it cannot use. */
export class InvalidOptionError extends FormatError<'E_FORMAT_OPTION', { option: string; value: unknown }> {
  constructor(option: string, value: unknown, expected: string) {
    super('E_FORMAT_OPTION', `Invalid option ${option}=${JSON.stringify(value)}: ${expected}.`, { option, value })
  }
}

/** An input image (the raw input of `convert`, or the file given to `openImage`) cannot be used: missing, not a regular file, unreadable, empty. */
export class SourceImageError extends FormatError<'E_FORMAT_SOURCE', { path: string; reason: string }> {
  constructor(path: string, reason: string) {
    super('E_FORMAT_SOURCE', `Cannot read the image ${path}: ${reason}. Pass the path of a readable, non-empty image file.`, { path, reason })
  }
}

/** The output file cannot be created (missing directory, no permission). */
export class OutputImageError extends FormatError<'E_FORMAT_OUTPUT', { path: string; reason: string }> {
  constructor(path: string, reason: string) {
    super('E_FORMAT_OUTPUT', `Cannot create ${path}: ${reason}. Pass an output path in an existing, writable directory.`, { path, reason })
  }
}

/** The image is too large for the chosen format (a header field cannot hold its size). */
export class ImageTooLargeError extends FormatError<'E_FORMAT_TOO_LARGE', { format: string; size: number; max: number }> {
  constructor(format: string, size: number, max: number) {
    super('E_FORMAT_TOO_LARGE', `A ${size}-byte image does not fit the ${format} format (at most ${max} bytes): choose another format or a smaller image.`, { format, size, max })
  }
}

/** An image file contradicts its own format (bad magic, a size field out of range, a table outside the file). */
export class CorruptImageError extends FormatError<'E_FORMAT_CORRUPT', { path: string; format: string; detail: string }> {
  constructor(path: string, format: string, detail: string) {
    super('E_FORMAT_CORRUPT', `${path} is not a valid ${format} image: ${detail}. Re-create or repair the image (qemu-img check -r).`, { path, format, detail })
  }
}

/** An image uses a feature of its format that the reader does not implement (backing files, encryption, ...). */
export class UnsupportedImageError extends FormatError<'E_FORMAT_UNSUPPORTED', { path: string; format: string; feature: string }> {
  constructor(path: string, format: string, feature: string) {
    super('E_FORMAT_UNSUPPORTED', `${path}: ${format} feature "${feature}" is not supported; convert the image with qemu-img to a plain one first.`, { path, format, feature })
  }
}

/** A read asked for bytes outside the virtual disk. */
export class ReadRangeError extends FormatError<'E_FORMAT_RANGE', { offset: number; length: number; virtualSize: number }> {
  constructor(offset: number, length: number, virtualSize: number) {
    super('E_FORMAT_RANGE', `Cannot read ${length} bytes at offset ${offset}: the virtual disk has ${virtualSize} bytes; pass a range inside it.`, { offset, length, virtualSize })
  }
}
