import { execFileSync } from 'node:child_process'
import { InvalidIecSizeError } from '../../errors/InvalidIecSizeError.js'
import { parseIecSize } from '../parseIecSize.js'

/**
 * What the reference gets from `$(numfmt --from=iec 'VALUE')` and feeds to
 * `$(( ))`, for each input, judged by numfmt itself in one bash loop: a value is
 * usable when numfmt exits 0 and prints one integer (whitespace around it is
 * harmless in shell arithmetic); null otherwise.
 */
export function numfmtAll(inputs: readonly string[]): (bigint | null)[] {
  const script = 'while IFS= read -r -d "" v; do out=$(numfmt --from=iec -- "$v" 2>/dev/null); printf "%s\\0%s\\0" "$?" "$out"; done'
  const fields = execFileSync('bash', ['-c', script], { input: inputs.map((i) => `${i}\0`).join(''), encoding: 'utf8' }).split('\0')
  return inputs.map((_, i) => {
    const [status, out] = [fields[2 * i], (fields[2 * i + 1] ?? '').trim()]
    return status === '0' && /^-?\d+$/.test(out) ? BigInt(out) : null
  })
}

/** parseIecSize, with a refusal as null (any other error still throws). */
export function parseOrNull(input: string): bigint | null {
  try {
    return parseIecSize(input)
  } catch (error) {
    if (error instanceof InvalidIecSizeError) return null
    throw error
  }
}
