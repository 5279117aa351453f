import { parseIecSize } from './parseIecSize.js'

/**
 * Bytes of a size option (additionalSpace, bootSize): a string goes through
 * `parseIecSize` (numfmt --from=iec); a number is bytes, as the reference's
 * `toString` would hand it to numfmt (so 1.5 is refused like "1.5").
 */
export function sizeOptionBytes(value: string | number): bigint {
  return parseIecSize(String(value))
}
