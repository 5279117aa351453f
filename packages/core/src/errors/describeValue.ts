/**
 * Renders a user-supplied value for an error message: strings quoted (so an empty
 * string or trailing space is visible), everything else as JSON, bigints as digits.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'bigint') return value.toString()
  if (value === undefined) return 'undefined'
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value)
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}
