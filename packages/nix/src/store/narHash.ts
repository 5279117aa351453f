import { decodeNixBase32 } from './nixBase32.js'

const SHA256_BYTES = 32

/**
 * A NAR hash as the Nix database stores it, `sha256:<64 hex digits>`, from any form
 * `nix-store --load-db` accepts: `sha256:` + base-16, Nix base-32 or base-64, the SRI
 * form `sha256-<base64>`, or bare base-16/base-32 (nix-store --dump-db writes bare
 * base-16; pkgs.closureInfo writes `sha256:` + base-32). Null when it is none of them.
 */
export function normalizeNarHash(text: string): string | null {
  let body = text
  if (text.startsWith('sha256:')) body = text.slice(7)
  else if (text.startsWith('sha256-')) return fromBytes(base64(text.slice(7)))
  else if (/^[a-z0-9]+:/.test(text)) return null // another algorithm: Nix's database holds sha256 NAR hashes
  if (/^[0-9a-f]{64}$/.test(body)) return `sha256:${body}`
  if (body.length === 52) return fromBytes(decodeNixBase32(body, SHA256_BYTES))
  if (body.length === 44) return fromBytes(base64(body))
  return null
}

function base64(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]{43}=$/.test(text)) return null
  return Buffer.from(text, 'base64')
}

function fromBytes(bytes: Uint8Array | null): string | null {
  return bytes && bytes.length === SHA256_BYTES ? `sha256:${Buffer.from(bytes).toString('hex')}` : null
}
