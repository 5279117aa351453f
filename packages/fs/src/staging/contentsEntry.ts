/**
 * One entry of the reference's `contents` option: `source` (a file, a directory or,
 * when it contains `*`, a glob) grafted into the image at `target`. `mode` is what
 * rsync's `--chmod` takes (octal, optionally `D`/`F`-prefixed items joined by commas);
 * `user` and `group` are names (or numeric ids) resolved against the image's own
 * /etc/passwd and /etc/group.
 */
export interface ContentsEntry {
  source: string
  target: string
  mode?: string
  user?: string
  group?: string
}
