/**
 * Defaults that are not plain literals in the option table.
 *
 * The reference takes its firmware from the nixpkgs OVMF package. We default to
 * Debian's `ovmf` package (installed by CI) and its 4 MiB builds, which are the
 * pair Debian's QEMU documentation pairs: OVMF_CODE_4M.fd (read-only code) with a
 * copy of OVMF_VARS_4M.fd (variable store). Override `ovmf` or the two files on
 * other distributions.
 */
export const DEFAULT_OVMF_DIR = '/usr/share/OVMF'
export const OVMF_FIRMWARE_FILE = 'OVMF_CODE_4M.fd'
export const OVMF_VARIABLES_FILE = 'OVMF_VARS_4M.fd'

/** The reference's rootGPUID default; also rootFSUID's when fsType is ext4. */
export const DEFAULT_ROOT_GPUID = 'F222513B-DED1-49FA-B591-20CE86A2FE7F'
