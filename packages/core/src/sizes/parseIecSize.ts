import { InvalidIecSizeError } from '../errors/InvalidIecSizeError.js'
import { numfmtMagnitude } from './numfmtArithmetic.js'

// numfmt 9.1 knows Z and Y too; they only fit below its 10^19 limit as fractions (".001Z").
const SUFFIX_POWER: Record<string, number> = { K: 1, M: 2, G: 3, T: 4, P: 5, E: 6, Z: 7, Y: 8 }

// One number as numfmt's simple_strtod_int/simple_strtod_float read it: an
// optional '-', digits, an optional '.' followed by at least one digit ("5." is
// an invalid number), then at most one upper-case suffix. Lower-case suffixes
// and the "Ki"/"KiB" forms are refused by --from=iec.
const NUMBER = /^(-?)(\d*)(?:\.(\d+))?([A-Za-z]?)(.*)$/s

/**
 * Parses a size exactly as the reference's `numfmt --from=iec` does and returns
 * bytes as a bigint (exact far beyond 8 TiB).
 *
 * - Suffixes K M G T P E (and Z Y) are powers of 1024; no suffix means bytes.
 * - Fractions are allowed with a suffix and rounded away from zero
 *   ("1.1K" = 1127, "-1.1K" = -1127, ".5M" = 524288).
 * - Leading blanks (space, tab) and trailing whitespace are ignored.
 * - Negative values parse ("-1M" = -1048576), as numfmt accepts them; the
 *   option validation rejects them.
 * - Refused, as numfmt refuses them: "", "+1M", "1k", "1KiB", "1MB", "1e3", "5.",
 *   "1,5M", values of 10^19 and more. Also refused: inputs numfmt accepts but
 *   echoes as a non-integer the reference's `$(( ))` cannot use — a fraction
 *   without suffix ("1.5", "1.0") and a second field ("1 M").
 *
 * numfmt computes in x86-64 long double, and so do we (numfmtArithmetic.ts):
 * at E scale its result can be one less than the exact ceiling, and we return
 * the same number. Exact whenever the input is a whole number of units.
 *
 * @throws InvalidIecSizeError naming the input and the reason.
 */
export function parseIecSize(input: string): bigint {
  const text = input.replace(/^[ \t]+/, '')
  const field = /^[^ \t\n\v\f\r]*/.exec(text)![0]
  const rest = text.slice(field.length)
  const match = NUMBER.exec(field)
  const [, sign, whole = '', fraction, suffix = '', trailing = ''] = match ?? []
  if (match === null || (whole === '' && fraction === undefined)) {
    throw new InvalidIecSizeError(input, 'not a number')
  }
  if (suffix !== '' && !(suffix in SUFFIX_POWER)) throw new InvalidIecSizeError(input, `unknown suffix "${suffix}"`)
  if (trailing !== '') throw new InvalidIecSizeError(input, `unexpected "${trailing}" after the number`)
  if (rest.trim() !== '') throw new InvalidIecSizeError(input, 'more than one field; numfmt would convert only the first')
  if (fraction !== undefined && suffix === '') {
    throw new InvalidIecSizeError(input, 'a fraction of a byte; numfmt leaves it unconverted and shell arithmetic rejects it')
  }
  const magnitude = numfmtMagnitude(whole, fraction ?? '', SUFFIX_POWER[suffix] ?? 0)
  if (magnitude === null) throw new InvalidIecSizeError(input, 'too large: numfmt refuses values of 10^19 bytes and more')
  return sign === '-' ? -magnitude : magnitude
}
