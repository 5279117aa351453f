import { DiskImageError } from './DiskImageError.js'
import { describeValue } from './describeValue.js'

/**
 * A contents entry's `target` is not an absolute path inside the image, or climbs
 * out of it with `..` (the reference would write outside its root tree).
 */
export class InvalidContentsTargetError extends DiskImageError<'E_INVALID_CONTENTS_TARGET', { option: string; value: unknown; reason: string }> {
  constructor(option: string, value: unknown, reason: string) {
    super(
      'E_INVALID_CONTENTS_TARGET',
      `${option}: ${describeValue(value)} ${reason}; write an absolute path inside the image without ".." segments, e.g. "/etc/motd"`,
      { option, value, reason },
    )
  }
}
