import type { Compression, FsType, ImageFormat, PartitionTableType } from './choices.js'

/**
 * A size as the reference takes it: an IEC string for `numfmt --from=iec`
 * ("512M", "1G", "1048576"), or a number of bytes.
 */
export type IecSize = string | number

/** One file or directory grafted into the image, as in the reference's `contents`. */
export interface ContentEntry {
  /** Path of a file or directory on the host; a '*' makes it a glob (as in the reference). */
  source: string
  /** Absolute path inside the image. */
  target: string
  /** Octal permissions applied to the copy, e.g. "755". */
  mode?: string
  /** Owner inside the image; set both user and group or neither. */
  user?: string | number
  /** Group inside the image; set both user and group or neither. */
  group?: string | number
}

/**
 * Every option of nixpkgs' make-disk-image.nix in camelCase, plus ours (root, out,
 * ovmf, espContents, ownerRoot, seed, xattrs). All but `root` and `out` have the
 * reference's defaults (see `resolveOptions` and the README's table).
 */
export interface ImageOptions {
  /**
   * The staged root tree directory that becomes the root filesystem. Required, unless `nixos` is set:
   * then an image of the closure alone may be built (docs/nixos.md).
   */
  root?: string
  /** Output directory; the image is written to `out/<baseName>.<ext>`. Required. */
  out: string
  /** Disk size in MiB, or "auto" (computed from the tree plus additionalSpace). Default "auto". */
  diskSize?: 'auto' | number
  /** Extra space added when diskSize is "auto". Default "512M". */
  additionalSpace?: IecSize
  /** Where the boot partition ends (rounded up to the next MiB). Default "256M". */
  bootSize?: IecSize
  /** Files and directories to graft into the image. Default []. */
  contents?: ContentEntry[]
  /** One of the seven layouts. Default "legacy". */
  partitionTableType?: PartitionTableType
  /** Run the bootloader installation in QEMU. Default true (false when onlyNixStore). */
  installBootLoader?: boolean
  /** Write out/efi-vars.fd and use it while installing the bootloader. Default false. */
  touchEFIVars?: boolean
  /** Directory of the OVMF firmware (the reference's `OVMF` package). Default "/usr/share/OVMF" (Debian's ovmf). */
  ovmf?: string
  /** EFI firmware code file. Default `${ovmf}/OVMF_CODE_4M.fd`. */
  efiFirmware?: string
  /** EFI variable store template. Default `${ovmf}/OVMF_VARS_4M.fd`. */
  efiVariables?: string
  /** Root filesystem type. Default "ext4". */
  fsType?: FsType
  /** Root filesystem label. Default "nixos", or "nix-store" when onlyNixStore. */
  label?: string
  /** File copied to /etc/nixos/configuration.nix. Default null. */
  configFile?: string | null
  /** Shell code the reference runs after the VM. Default "". */
  postVM?: string
  /** Guest memory in MiB for the bootloader VM. Default 1024. */
  memSize?: number
  /** Copy root/nix/store/* to / and nothing else. Default false. */
  onlyNixStore?: boolean
  /** Name of the build (the reference's derivation name). Default "nixos-disk-image". */
  name?: string
  /** Output format. Default "raw". */
  format?: ImageFormat
  /** Image file name without extension. Default "nixos". */
  baseName?: string
  /** Fixed GUIDs, UUIDs and timestamps, so two builds are bit-identical. Default true. */
  deterministic?: boolean
  /** GPT unique GUID of the root partition. Default "F222513B-DED1-49FA-B591-20CE86A2FE7F". */
  rootGPUID?: string
  /** UUID of the root filesystem. Default rootGPUID when fsType is "ext4", else null. */
  rootFSUID?: string | null
  /** NixOS: copy a channel of the current sources into the image. Default true. */
  copyChannel?: boolean
  /** NixOS: extra store paths to copy into the image's store. Default []. */
  additionalPaths?: string[]
  /**
   * NixOS: install a system closure as `nixos-install --system toplevel --channel …`
   * does in the reference (see NixosOptions and docs/nixos.md). Default null.
   */
  nixos?: NixosOptions | null
  /** Directory whose tree is copied onto the ESP. Default null (empty ESP). */
  espContents?: string | null
  /** Make every file of the image owned by 0:0 whatever the host owner. Default false. */
  ownerRoot?: boolean
  /**
   * Carry the extended attributes of the root tree and of `contents` sources (ACLs, file
   * capabilities, SELinux labels, user.*) into the ext4 file system, read with getfattr
   * (docs/xattrs.md). `false` builds without them. Default true.
   */
  xattrs?: boolean
  /** Seed for derived identifiers where the reference has random ones. Default null. */
  seed?: string | null
  /**
   * Compressor of qcow2-compressed clusters and vmdk grains (ours): null (default) is the format's own
   * default, 'deflate' (libdeflate); 'zlib' writes qemu-img's very clusters; 'zstd' (qcow2-compressed
   * only) a qcow2 with compression_type=zstd, as `qemu-img convert -c -o compression_type=zstd`.
   */
  compression?: Compression | null
  /**
   * The bootloader installer run in a QEMU VM, chrooted in the image with the boot
   * partitions mounted where the layout puts them (e.g. "grub-install
   * --target=i386-pc /dev/vda && update-grub"). For a NixOS image (`nixos`) the
   * default is the reference's: `NIXOS_INSTALL_BOOTLOADER=1
   * /nix/var/nix/profiles/system/bin/switch-to-configuration boot`, run as
   * nixos-enter runs it; without NixOS there is no default. The VM step runs when
   * installBootLoader is true and there is a command. Default null.
   */
  bootLoaderCommand?: string | null
  /** Seconds the bootloader VM may run before it is killed. Default 900. */
  bootLoaderTimeout?: number
  /**
   * The boot loader's configured disks (the reference reads NixOS's boot.loader.grub.devices and
   * limine's biosDevice): in the VM each one other than /dev/vda becomes a link to /dev/vda, so an
   * installer configured for /dev/sda finds the image. Default [].
   */
  grubDevices?: string[]
}

/**
 * What Nix built, handed over without evaluating Nix: the system and the
 * registration of its closure. Give `closureInfo`, or `registration` (with
 * `storePaths` optionally).
 */
export interface NixosOptions {
  /** The system's store path, config.system.build.toplevel. */
  toplevel: string
  /** The directory pkgs.closureInfo makes (`store-paths`, `registration`) for toplevel, channel and additionalPaths. */
  closureInfo?: string
  /** A registration file instead (pkgs.closureInfo's or `nix-store --dump-db` output). */
  registration?: string
  /** With `registration`: the store paths it must describe, a file with one per line or an array. */
  storePaths?: string | string[]
  /** The channel store path installed as root's channel when copyChannel (the reference's channelSources). */
  channel?: string | null
  /** Host directory holding the store paths. Default "/nix/store"; a chroot store's `<root>/nix/store` otherwise. */
  hostStore?: string
}

/**
 * Options after `resolveOptions`: every default filled in. `root` may still be absent (a `nixos` build
 * makes its tree); validateOptions says when it is missing.
 */
export type ResolvedOptions = Required<Omit<ImageOptions, 'root'>> & { root: string | undefined }
