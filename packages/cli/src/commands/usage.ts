/**
 * The usage line of each command, apart from the commands themselves: `--help` and the dispatcher need
 * them without loading what the commands import (core's whole graph took ~0.3–0.4 s to load).
 */
export const BUILD_USAGE =
  '[--config image.json] (--root DIR | --nixos JSON) --out DIR [--partition-table-type TYPE] [--format FORMAT] [--OPTION VALUE]... [--quiet] [--json]'
export const INSPECT_USAGE = 'inspect IMAGE [--json]'
export const TABLE_USAGE = 'table --partition-table-type TYPE --disk-size MIB [--boot-size SIZE] [--no-deterministic] [--root-gpuid GUID] OUT.img'
export const SPLIT_USAGE = 'split IMAGE --out DIR'
export const CONVERT_USAGE = `convert RAW --format FORMAT --out FILE [--compress deflate|zlib|zstd] [--threads N] [--no-deterministic]`
export const DIFF_USAGE = 'diff A B [--json]'
