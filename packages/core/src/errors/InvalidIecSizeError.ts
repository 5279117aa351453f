import { DiskImageError } from './DiskImageError.js'
import { describeValue } from './describeValue.js'

/**
 * A size string that `numfmt --from=iec` rejects, or that it accepts but prints as
 * something the reference's shell arithmetic cannot use (e.g. "1.5" stays "1.5").
 * `option` is null when thrown by `parseIecSize` itself; validation fills it in.
 */
export class InvalidIecSizeError extends DiskImageError<'E_INVALID_IEC_SIZE', { option: string | null; value: unknown; reason: string }> {
  constructor(value: unknown, reason: string, option: string | null = null) {
    super(
      'E_INVALID_IEC_SIZE',
      `${option ?? 'size'}: ${describeValue(value)} is not a valid size (${reason}); ` +
        'write a whole number of bytes or a number with one of the suffixes K, M, G, T, P, E (powers of 1024), e.g. "512M"',
      { option, value, reason },
    )
  }
}
