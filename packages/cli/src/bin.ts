#!/usr/bin/env node
/**
 * The `make-disk-image` command: a table of subcommands, each a function
 * (args, io) → exit code. Exit codes: 0 success, 1 the request failed (the
 * message says what to change), 2 usage error.
 */
import { BUILD_USAGE, CONVERT_USAGE, DIFF_USAGE, INSPECT_USAGE, SPLIT_USAGE, TABLE_USAGE } from './commands/usage.js'

/** Where a command writes; process.stdout/stderr in the binary, buffers in tests. */
export interface CommandIo {
  stdout: { write(text: string): unknown }
  stderr: { write(text: string): unknown }
}

/** A subcommand: parses its own arguments, returns the exit code. */
export type Command = (args: string[], io: CommandIo) => Promise<number>

// Each command's module is loaded only when it runs: `convert` needs @diskimage/format alone, and
// loading core's whole graph for every command (and for --help) cost ~0.3–0.4 s.
const COMMANDS: Record<string, { usage: string; run: Command }> = {
  build: { usage: `[build] ${BUILD_USAGE}`, run: async (args, io) => (await import('./commands/build.js')).runBuild(args, io) },
  inspect: { usage: INSPECT_USAGE, run: async (args, io) => (await import('./commands/inspect.js')).runInspect(args, io) },
  table: { usage: TABLE_USAGE, run: async (args, io) => (await import('./commands/table.js')).runTable(args, io) },
  split: { usage: SPLIT_USAGE, run: async (args, io) => (await import('./commands/split.js')).runSplit(args, io) },
  convert: { usage: CONVERT_USAGE, run: async (args, io) => (await import('./commands/convert.js')).runConvert(args, io) },
  diff: { usage: DIFF_USAGE, run: async (args, io) => (await import('./commands/diff.js')).runDiff(args, io) },
}

function usage(): string {
  return ['usage: make-disk-image COMMAND ...', ...Object.values(COMMANDS).map((c) => `       make-disk-image ${c.usage}`)].join('\n') + '\n'
}

/** Dispatches `argv` (without node and script) to its subcommand. */
export async function main(argv: string[], io: CommandIo): Promise<number> {
  // The main job needs no subcommand name: `make-disk-image --root … --out …`.
  const [name, ...args] = argv[0]?.startsWith('--') && argv[0] !== '--help' ? ['build', ...argv] : argv
  if (name === '--help' || name === '-h') {
    io.stdout.write(usage())
    return 0
  }
  const command = name === undefined ? undefined : COMMANDS[name]
  if (!command) {
    io.stderr.write(`make-disk-image: ${name === undefined ? 'missing command' : `unknown command "${name}"`}\n${usage()}`)
    return 2
  }
  return command.run(args, io)
}

process.exitCode = await main(process.argv.slice(2), process)
