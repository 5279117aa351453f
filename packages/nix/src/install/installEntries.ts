import { NIX_SCHEMA_VERSION } from '../database/nixSchema.js'

/** One entry of the tree nixos-install leaves besides the store paths. */
export type InstallEntry =
  | { path: string; kind: 'directory'; mode: number }
  | { path: string; kind: 'file'; mode: number; content: Uint8Array | string }
  | { path: string; kind: 'sparse'; mode: number; size: number }
  | { path: string; kind: 'symlink'; target: string }

/** What nixos-install was given. */
export interface InstallRequest {
  /** The system: `--system <toplevel>`. */
  toplevel: string
  /** The root channel (`--channel <path>`), or null for `--no-channel-copy`. */
  channel: string | null
  /** The Nix database bytes (writeNixDatabase). */
  database: Uint8Array
}

/** `settings.reservedSize`: the space Nix keeps in db/reserved so a full disk can still be garbage-collected. */
const RESERVED_BYTES = 8 * 1024 * 1024

/**
 * Everything `nixos-install --no-bootloader --no-root-passwd --system … --channel …|--no-channel-copy`
 * creates outside /nix/store's paths, in creation order (parents first): what Nix's
 * LocalStore makes when the target store is opened, the profiles nix-env --set makes,
 * the root channel links, and /etc/NIXOS. Each item is documented in docs/nixos.md
 * with the line of nixos-install.sh or Nix that makes it. Modes are those a root
 * nixos-install leaves under umask 022.
 */
export function installEntries(request: InstallRequest): InstallEntry[] {
  const dir = (path: string, mode = 0o755): InstallEntry => ({ path, kind: 'directory', mode })
  const entries: InstallEntry[] = [
    // LocalStore::LocalStore on the target (nix-env --store $mountPoint)
    dir('nix'),
    dir('nix/store'),
    dir('nix/store/.links'),
    dir('nix/var'),
    dir('nix/var/nix'),
    dir('nix/var/nix/profiles'),
    dir('nix/var/nix/profiles/per-user'),
    dir('nix/var/nix/profiles/per-user/root'),
    dir('nix/var/nix/temproots'),
    dir('nix/var/nix/db'),
    dir('nix/var/nix/gcroots'),
    // Nix links the host path of the profiles directory; on the booted system it is this one.
    { path: 'nix/var/nix/gcroots/profiles', kind: 'symlink', target: '/nix/var/nix/profiles' },
    dir('nix/var/nix/gcroots/per-user'),
    dir('nix/var/nix/gcroots/per-user/root'),
    { path: 'nix/var/nix/gc.lock', kind: 'file', mode: 0o600, content: '' },
    { path: 'nix/var/nix/db/big-lock', kind: 'file', mode: 0o600, content: '' },
    { path: 'nix/var/nix/db/reserved', kind: 'sparse', mode: 0o600, size: RESERVED_BYTES },
    { path: 'nix/var/nix/db/db.sqlite', kind: 'file', mode: 0o644, content: request.database },
    { path: 'nix/var/nix/db/schema', kind: 'file', mode: 0o644, content: String(NIX_SCHEMA_VERSION) },
    // nix-env -p $mountPoint/nix/var/nix/profiles/system --set $system
    { path: 'nix/var/nix/profiles/system-1-link', kind: 'symlink', target: request.toplevel },
    { path: 'nix/var/nix/profiles/system', kind: 'symlink', target: 'system-1-link' },
  ]
  if (request.channel !== null) {
    entries.push(
      // nix-env -p $mountPoint/nix/var/nix/profiles/per-user/root/channels --set $channelPath
      { path: 'nix/var/nix/profiles/per-user/root/channels-1-link', kind: 'symlink', target: request.channel },
      { path: 'nix/var/nix/profiles/per-user/root/channels', kind: 'symlink', target: 'channels-1-link' },
      // install -m 0700 -d $mountPoint/root/.nix-defexpr (its parent with the umask's 0755)
      dir('root'),
      dir('root/.nix-defexpr', 0o700),
      { path: 'root/.nix-defexpr/channels', kind: 'symlink', target: '/nix/var/nix/profiles/per-user/root/channels' },
    )
  }
  // mkdir -m 0755 -p $mountPoint/etc; touch $mountPoint/etc/NIXOS
  entries.push(dir('etc'), { path: 'etc/NIXOS', kind: 'file', mode: 0o644, content: '' })
  return entries
}
