/** What the Nix database records about one valid store path. */
export interface PathInfo {
  /** `/nix/store/<hash>-<name>` */
  path: string
  /** NAR hash as the database stores it: `sha256:<64 hex digits>`. */
  narHash: string
  /** Size of the path's NAR serialisation in bytes. */
  narSize: number
  /** The .drv that built it, or null (pkgs.closureInfo never records one). */
  deriver: string | null
  /** Store paths it refers to (may include itself), sorted. */
  references: string[]
}
