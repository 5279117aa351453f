const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Whether `value` is a GUID written 8-4-4-4-12 in hex (either case), the form sgdisk and tune2fs read reliably. */
export function isGuid(value: unknown): value is string {
  return typeof value === 'string' && GUID.test(value)
}
