/** Extended attributes of one file: name → value as base64 (the VFS manifest's form). */
export type XattrMap = Record<string, string>

const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * getfattr (attr 2.5, tools/getfattr.c + libmisc/quote.c) writes a backslash, and in paths
 * "\n" and "\r", in names also "=", as a backslash and three octal digits; every other byte is
 * written as is. So a line is one record whatever the names hold, and this undoes it exactly.
 * Returns undefined when the bytes are not UTF-8 (the WASM tools see names as UTF-8 strings).
 */
function unquote(text: string): string | undefined {
  const bytes = Buffer.from(text.replace(/\\([0-3][0-7][0-7])/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))), 'latin1')
  try {
    return utf8.decode(bytes)
  } catch {
    return undefined
  }
}

/** A record getfattr printed that this parser cannot take (a name that is not UTF-8, a line of an unknown shape). */
export class GetfattrDumpError extends Error {
  constructor(readonly path: string, readonly detail: string) {
    super(`${path}: ${detail}`)
  }
}

/**
 * Parses the output of `getfattr --dump --match=- --encoding=base64 --absolute-names` (run with
 * LC_ALL=C): blocks of "# file: PATH", then "NAME=0sBASE64" lines, then an empty line. Files
 * without attributes print nothing. Returns host path → attributes.
 */
export function parseGetfattrDump(output: Buffer): Map<string, XattrMap> {
  const files = new Map<string, XattrMap>()
  let current: { path: string; attrs: XattrMap } | undefined
  for (const line of output.toString('latin1').split('\n')) {
    if (line === '') continue
    if (line.startsWith('# file: ')) {
      const raw = line.slice('# file: '.length)
      const path = unquote(raw)
      if (path === undefined) throw new GetfattrDumpError(raw, 'the file name is not UTF-8')
      current = { path, attrs: files.get(path) ?? {} }
      files.set(path, current.attrs)
      continue
    }
    const m = /^([^=]+)=0s([A-Za-z0-9+/]*={0,2})$/.exec(line)
    if (!current || !m) throw new GetfattrDumpError(current?.path ?? '(start of output)', `unexpected getfattr output line ${JSON.stringify(line)}`)
    const name = unquote(m[1]!)
    if (name === undefined) throw new GetfattrDumpError(current.path, `the attribute name ${JSON.stringify(m[1])} is not UTF-8`)
    current.attrs[name] = m[2]!
  }
  return files
}
