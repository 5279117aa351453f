import type { ProgressEvent } from '@diskimage/core'

/**
 * Shows build progress: on a terminal one line redrawn in place with a bar for
 * phases that report bytes; elsewhere (logs, CI) one plain line per new message.
 */
export function progressPrinter(stream: { write(text: string): unknown; isTTY?: boolean }): (e: ProgressEvent) => void {
  let last = ''
  return (e) => {
    const line = `[${e.phase}] ${e.message}`
    if (e.phase === 'postVM') {
      // The script's own output: every line stays, as in a log.
      stream.write(`${stream.isTTY ? '\r\x1b[2K' : ''}${line}\n`)
    } else if (stream.isTTY) {
      const bar = e.done !== undefined && e.total ? ` ${renderBar(e.done / e.total)}` : ''
      stream.write(`\r\x1b[2K${line}${bar}`)
      if (e.phase === 'finish') stream.write('\n')
    } else if (line !== last) {
      stream.write(line + '\n')
    }
    last = line
  }
}

function renderBar(fraction: number): string {
  const width = 30
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width)
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor(fraction * 100)}%`
}
