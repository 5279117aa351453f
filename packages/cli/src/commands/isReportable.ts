/** Our typed errors (a `code` string) and system errors are the user's to fix; anything else is a bug. */
export function isReportable(error: unknown): boolean {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string'
}
