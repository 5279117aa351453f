// What the bench ran on: the numbers mean little without the machine, its load and the tool versions.
import { spawnSync } from 'node:child_process'
import { cpus, loadavg, totalmem } from 'node:os'

/** First line the command prints (stdout, else stderr), or "missing" when it cannot run. */
function firstLine(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' })
  if (result.error) return 'missing'
  return `${result.stdout}\n${result.stderr}`.split('\n').map((l) => l.trim()).find(Boolean) ?? 'unknown'
}

/** The host, the native tools' versions and the commit being measured. */
export function describeMachine() {
  return {
    nproc: Number(firstLine('nproc', [])),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: firstLine('uname', ['-sr']),
    node: process.version,
    commit: firstLine('git', ['rev-parse', '--short', 'HEAD']),
    tools: {
      parted: firstLine('parted', ['--version']),
      sgdisk: firstLine('sgdisk', ['--version']),
      partx: firstLine('partx', ['--version']),
      'mkfs.ext4': firstLine('mkfs.ext4', ['-V']),
      'mkfs.vfat': firstLine('mkfs.vfat', ['--help']),
      'qemu-img': firstLine('qemu-img', ['--version']),
      bash: firstLine('bash', ['--version']),
    },
  }
}

/** The 1-minute load average: other work on a shared machine stretches wall times. */
export function loadNow() {
  return loadavg()[0]
}
