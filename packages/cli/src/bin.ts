#!/usr/bin/env node
/**
 * The `make-disk-image` command: a table of subcommands, each a function
 * (args, io) → exit code. Exit codes: 0 success, 1 the request failed (the
 * message says what to change), 2 usage error.
 */
import { runConvert, CONVERT_USAGE } from './commands/convert.js'
import { runInspect } from './commands/inspect.js'
import { runTable } from './commands/table.js'
import { runBuild, BUILD_USAGE } from './commands/build.js'
import { runSplit, SPLIT_USAGE } from './commands/split.js'
import { runDiff, DIFF_USAGE } from './commands/diff.js'

/** Where a command writes; process.stdout/stderr in the binary, buffers in tests. */
export interface CommandIo {
  stdout: { write(text: string): unknown }
  stderr: { write(text: string): unknown }
}

/** A subcommand: parses its own arguments, returns the exit code. */
export type Command = (args: string[], io: CommandIo) => Promise<number>

const COMMANDS: Record<string, { usage: string; run: Command }> = {
  build: { usage: `[build] ${BUILD_USAGE}`, run: runBuild },
  inspect: { usage: 'inspect IMAGE [--json]', run: runInspect },
  table: {
    usage: 'table --partition-table-type TYPE --disk-size MIB [--boot-size SIZE] [--no-deterministic] [--root-gpuid GUID] OUT.img',
    run: runTable,
  },
  split: { usage: SPLIT_USAGE, run: runSplit },
  convert: { usage: CONVERT_USAGE, run: runConvert },
  diff: { usage: DIFF_USAGE, run: runDiff },
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
