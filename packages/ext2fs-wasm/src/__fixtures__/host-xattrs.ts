import { execFileSync } from 'node:child_process'

/**
 * The host's extended attributes of one file as name → base64, read with getfattr (Node has
 * no xattr API): what a caller passes to the virtual tree's `xattrs` rules.
 */
export function hostXattrs(path: string): Record<string, string> {
  const out = execFileSync('getfattr', ['-d', '-m', '-', '-e', 'base64', '--absolute-names', path], { encoding: 'utf8' })
  const attrs: Record<string, string> = {}
  for (const line of out.split('\n')) {
    const m = /^([^#=][^=]*)=0s(.*)$/.exec(line)
    if (m?.[1] && m[2] !== undefined) attrs[m[1]] = m[2]
  }
  return attrs
}
