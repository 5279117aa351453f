import { spawnSync } from 'node:child_process'
import type { ByteRange } from './ranges.js'

/**
 * `walk($f, $size)`: the data extents of the open file $f, by lseek(SEEK_DATA) / lseek(SEEK_HOLE) (3 and
 * 4 on Linux), as "start end" lines; undef when the file system or kernel refused the seek (EINVAL on
 * old kernels), so nothing is known. ENXIO (6 on every Linux architecture) from SEEK_DATA is the normal
 * end: no data after the offset; the number, not Errno's name, because loading Errno (and Config) cost
 * ~3 ms of a ~7 ms walk; no `use strict` either (loading strict.pm cost ~1 ms of perl's ~5). `%d`
 * because sysseek returns "0 but true" for offset 0.
 */
export const PERL_WALK = String.raw`
sub walk {
  my ($f, $size) = @_;
  my $out = '';
  my $o = 0;
  while ($o < $size) {
    my $d = sysseek($f, $o, 3);
    if (!defined $d) { last if $! == 6; return undef }
    my $h = sysseek($f, $d, 4);
    return undef unless defined $h;
    $out .= sprintf("%d %d\n", $d, $h);
    $o = $h;
  }
  return $out;
}
`

/** Maps the file on fd 3; exit 3: the seeks were refused. */
const SCRIPT = `${PERL_WALK}
open(my $f, '<&=', 3) or exit 2;
my $map = walk($f, -s $f);
exit 3 unless defined $map;
print $map;
`

/** A map longer than this (~2 million extents) is not worth having: the caller scans instead. */
export const MAX_MAP_BYTES = 64 << 20

/**
 * The extents of the open file `fd` (of `size` bytes) that may hold data, as the host's file system
 * reports them through SEEK_DATA/SEEK_HOLE (what qemu-img uses to skip holes); everything outside is a
 * hole and reads as zeros. Undefined when they cannot be had: then every byte must be read.
 *
 * Node has no lseek, and SEEK_DATA is out of reach of JavaScript and WebAssembly alike; perl's sysseek
 * passes it through, and perl is on nearly every Unix (in Debian it is Essential: perl-base). So a
 * tiny perl walk finds the extents: a 20 GiB file with five pieces of data is mapped in ~8 ms instead
 * of ~2 s of reading zeros. Only Linux (the seek constants differ elsewhere); no perl, a file system
 * without the seeks, or any other failure: undefined, and the caller scans. The fd is handed to perl,
 * so the map is of the very file the caller reads, not of whatever the path names by then.
 */
export function hostDataExtents(fd: number, size: number): ByteRange[] | undefined {
  if (process.platform !== 'linux' || size === 0) return undefined
  // Synchronous: the walk blocks this thread for its few milliseconds (~8 ms measured), where an
  // asynchronous spawn took ~13 ms (its pipe stream and exit events), and nothing can go on without the map.
  const result = spawnSync('perl', ['-e', SCRIPT], { stdio: ['ignore', 'pipe', 'ignore', fd], maxBuffer: MAX_MAP_BYTES })
  if (result.error || result.status !== 0) return undefined
  return parseExtents(result.stdout.toString('latin1'), size)
}

/** Parses the walk's lines; undefined if any is not a sane extent (never trust a half-understood map). */
export function parseExtents(output: string, size: number): ByteRange[] | undefined {
  const extents: ByteRange[] = []
  let previousEnd = 0
  for (const line of output.split('\n')) {
    if (line === '') continue
    const match = /^(\d+) (\d+)$/.exec(line)
    if (!match) return undefined
    const start = Number(match[1])
    const end = Math.min(Number(match[2]), size)
    if (!Number.isSafeInteger(start) || start < previousEnd || end <= start) return undefined
    extents.push({ offset: start, length: end - start })
    previousEnd = end
  }
  return extents
}
