import { InvalidIecSizeError } from '../errors/InvalidIecSizeError.js'

const SUFFIX_POWER: Record<string, bigint> = { K: 1n, M: 2n, G: 3n, T: 4n, P: 5n, E: 6n }

// One number as numfmt's simple_strtod_int/simple_strtod_float read it: an
// optional '-', digits, an optional '.' followed by at least one digit ("5." is
// an invalid number), then at most one upper-case suffix. Lower-case suffixes
// and the "Ki"/"KiB" forms are refused by --from=iec.
const NUMBER = /^(-?)(\d*)(?:\.(\d+))?([A-Za-z]?)(.*)$/s

// numfmt prints values from 10^19 up as "value too large to be printed".
const TOO_LARGE = 10n ** 19n

/**
 * Parses a size exactly as the reference's `numfmt --from=iec` does and returns
 * bytes as a bigint (exact far beyond 8 TiB).
 *
 * - Suffixes K M G T P E are powers of 1024; no suffix means bytes.
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
 * numfmt computes in long double; we compute exactly. The two can only differ
 * for inputs with more than ~18 significant digits, where numfmt itself warns
 * about precision loss.
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
  const scale = 1024n ** (SUFFIX_POWER[suffix] ?? 0n)
  const denominator = 10n ** BigInt(fraction?.length ?? 0)
  const numerator = BigInt(whole + (fraction ?? '') || '0') * scale
  // Round away from zero, numfmt's default --round=from-zero.
  const magnitude = (numerator + denominator - 1n) / denominator
  if (magnitude >= TOO_LARGE) throw new InvalidIecSizeError(input, 'too large: numfmt refuses values of 10^19 bytes and more')
  return sign === '-' ? -magnitude : magnitude
}
