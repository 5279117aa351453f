import { execFileSync } from 'node:child_process'
import { tmpdir } from 'node:os'

// The oracle is Debian's nix-store (nix-bin 2.8). It runs on a private chroot store
// (`--store <dir>`: paths are /nix/store/… inside <dir>/nix/store); without a nixbld
// group, build-users-group must be empty or every command warns.
export const NIX_ENV = { ...process.env, NIX_CONFIG: 'build-users-group =', HOME: tmpdir() }
export const nix = (args: string[], input?: Buffer | string): string =>
  execFileSync(args[0]!, args.slice(1), { env: NIX_ENV, encoding: 'utf8', stdio: 'pipe', ...(input !== undefined ? { input } : {}) })

/** A `nix-store --export` stream for one path with the given references, so `--import` registers them (nix-store --add records none). */
export function exportStream(dir: string, path: string, references: string[], deriver = ''): Buffer {
  const u64 = (n: number) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(n)); return b }
  const str = (s: string) => { const d = Buffer.from(s); return Buffer.concat([u64(d.length), d, Buffer.alloc((8 - (d.length % 8)) % 8)]) }
  const nar = execFileSync('nix-store', ['--dump', dir], { env: NIX_ENV, maxBuffer: 1 << 30 })
  return Buffer.concat([u64(1), nar, u64(0x4558494e), str(path), u64(references.length), ...references.map(str), str(deriver), u64(0), u64(0)])
}

/** pkgs.closureInfo's `registration`: dump-db's lines with the hash as `sha256:<base32>` and no deriver (closure-info.nix's jq). */
export function closureInfoRegistration(dump: string): string {
  const lines = dump.split('\n')
  const out: string[] = []
  for (let i = 0; i < lines.length && lines[i] !== ''; ) {
    const [path, hash, size, , count] = lines.slice(i, i + 5)
    const refs = lines.slice(i + 5, i + 5 + Number(count))
    out.push(path!, `sha256:${nix(['nix-hash', '--type', 'sha256', '--to-base32', hash!]).trim()}`, size!, '', count!, ...refs)
    i += 5 + Number(count)
  }
  return out.join('\n') // closure-info.nix drops the last newline (head -n -1)
}

