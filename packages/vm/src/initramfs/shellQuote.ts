/** Quotes a value for POSIX sh: inside single quotes nothing is special except the quote itself. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`
}
