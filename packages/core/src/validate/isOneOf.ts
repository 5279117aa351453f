/** Whether `value` is one of `allowed` (a type guard usable on unchecked input). */
export function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return (allowed as readonly unknown[]).includes(value)
}
