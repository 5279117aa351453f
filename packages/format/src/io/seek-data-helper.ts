import { type ChildProcessByStdio, spawn } from 'node:child_process'
import type { Socket } from 'node:net'
import type { Readable, Writable } from 'node:stream'
import { MAX_MAP_BYTES, PERL_WALK, parseExtents } from './host-data-extents.js'
import type { ByteRange } from './ranges.js'

/**
 * The helper's loop: one path per line in, one answer out, "file <inode> <size>", the extents, "end"
 * (or "error" alone when the file cannot be opened or sought). Written whole per request; it exits at
 * end of input, that is when the process that started it is gone.
 */
const SERVER = `${PERL_WALK}
$| = 1;
while (defined(my $path = <STDIN>)) {
  chomp $path;
  my $f;
  if (!open($f, '<', $path)) { print "error\\n"; next }
  my @s = stat($f);
  my $map = walk($f, $s[7]);
  close $f;
  print defined $map ? "file $s[1] $s[7]\\n\${map}end\\n" : "error\\n";
}
`

interface Request {
  lines: string[]
  /** The answer's length so far. */
  bytes: number
  settle: (lines: string[] | undefined) => void
}

/**
 * A perl process, started ahead of the conversions that will need it (preloadConverter), that maps
 * files with SEEK_DATA on request. What it saves is the spawn: hostDataExtents forks and execs perl
 * for each map, ~5–8 ms of a ~20 ms conversion of a sparse image here, and more from a big process
 * (fork copies the parent's page tables: a build's process is larger than a `convert`'s), while a
 * request to a running helper is a pipe round trip. It is unref'd: it never keeps the process alive,
 * and it ends when its input does, that is with the process.
 */
class SeekDataHelper {
  private readonly queue: Request[] = []
  /** Output after the last full line. */
  private partial = ''
  private dead = false
  /** The child's pipes, sockets: they can be unref'd. */
  private readonly input: Socket
  private readonly output: Socket

  constructor(private readonly child: ChildProcessByStdio<Writable, Readable, null>) {
    this.input = child.stdin as Socket
    this.output = child.stdout as Socket
    this.output.setEncoding('latin1')
    this.output.on('data', (chunk: string) => this.take(chunk))
    // A helper that fails or ends answers nothing more: its waiting requests get no map.
    child.on('error', () => this.die())
    child.on('exit', () => this.die())
    this.input.on('error', () => this.die())
    child.unref()
    this.idle()
  }

  get alive(): boolean {
    return !this.dead
  }

  /** The answer's lines for `path` (without "end"), or undefined on "error" or a dead helper. */
  ask(path: string): Promise<string[] | undefined> {
    if (this.dead) return Promise.resolve(undefined)
    return new Promise((settle) => {
      // Referenced while an answer is awaited: an unref'd pipe would let the process exit before it.
      if (this.queue.length === 0) this.output.ref()
      this.queue.push({ lines: [], bytes: 0, settle })
      this.input.write(`${path}\n`)
    })
  }

  private take(chunk: string): void {
    const text = this.partial + chunk
    let from = 0
    let newline: number
    while ((newline = text.indexOf('\n', from)) >= 0 && !this.dead) {
      this.line(text.slice(from, newline))
      from = newline + 1
    }
    this.partial = text.slice(from)
  }

  private line(line: string): void {
    const request = this.queue[0]
    if (!request) return this.die() // an answer nobody asked for: the protocol is broken
    if (line === 'end' || line === 'error') {
      this.queue.shift()
      request.settle(line === 'end' && request.bytes <= MAX_MAP_BYTES ? request.lines : undefined)
      if (this.queue.length === 0) this.idle()
      return
    }
    // Past the cap the answer is read to its end but not kept (the caller's spawn is capped alike).
    request.bytes += line.length + 1
    if (request.bytes <= MAX_MAP_BYTES) request.lines.push(line)
  }

  /** Nothing awaited: the reading pipe no longer keeps the process alive (the idle writing one never does). */
  private idle(): void {
    this.output.unref()
  }

  /** Ends the helper; what it was asked gets no map. */
  die(): void {
    if (this.dead) return
    this.dead = true
    for (const request of this.queue.splice(0)) request.settle(undefined)
    this.child.kill()
    this.idle()
  }
}

let helper: SeekDataHelper | undefined

/**
 * Starts the helper if none is running (only on Linux: the seek constants differ elsewhere). Never
 * throws: without perl the helper dies at once and maps fall back to hostDataExtents' own spawn.
 */
export function prestartSeekDataHelper(): void {
  if (process.platform !== 'linux' || helper?.alive) return
  try {
    helper = new SeekDataHelper(spawn('perl', ['-e', SERVER], { stdio: ['pipe', 'pipe', 'ignore'] }))
  } catch {
    helper = undefined
  }
}

/**
 * The data extents of the open file `fd` (see hostDataExtents) from the running helper; undefined when
 * none runs or it could not map the file (the caller then spawns its own perl). The helper opens the file through
 * /proc/<pid>/fd/<fd>, the very file the caller holds open even if its path now names another, and its
 * inode and size are checked against the caller's (`ino`, `size`) before the map is believed.
 */
export async function helperDataExtents(fd: number, size: number, ino: bigint): Promise<ByteRange[] | undefined> {
  if (!helper?.alive) return undefined
  const lines = await helper.ask(`/proc/${process.pid}/fd/${fd}`)
  if (!lines || lines[0] !== `file ${ino} ${size}`) return undefined
  return parseExtents(lines.slice(1).join('\n'), size)
}

/** Stops the helper (tests); a later prestart starts another. */
export function stopSeekDataHelper(): void {
  helper?.die()
  helper = undefined
}
