import { createWriteStream, type WriteStream } from 'node:fs'

/** How much serial output is kept in memory: enough to search for markers and quote a failure. */
const KEEP_CHARS = 1 << 20

/** Terminal escape sequences (GRUB and OVMF draw menus with them) and carriage returns. */
// eslint-disable-next-line no-control-regex
const NOISE = /\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>c]|\r/g

/**
 * The guest's serial console as it arrives: searchable text (the last MiB), an optional full copy in a
 * file, and a readable tail for error messages.
 */
export class SerialLog {
  private text = ''
  private readonly file: WriteStream | undefined

  constructor(copyPath?: string) {
    this.file = copyPath === undefined ? undefined : createWriteStream(copyPath)
  }

  /** Adds output; returns the whole kept text so callers can search it (a marker may span chunks). */
  append(chunk: Buffer): string {
    this.file?.write(chunk)
    this.text += chunk.toString('latin1')
    if (this.text.length > KEEP_CHARS) this.text = this.text.slice(-KEEP_CHARS)
    return this.text
  }

  /** Everything kept so far, raw. */
  get contents(): string {
    return this.text
  }

  /** The last `lines` lines without escape sequences, for error messages. */
  tail(lines = 60): string {
    return this.text.replace(NOISE, '').split('\n').slice(-lines).join('\n')
  }

  /** Flushes and closes the file copy, if any. */
  close(): Promise<void> {
    const file = this.file
    if (!file) return Promise.resolve()
    return new Promise((resolve) => file.end(resolve))
  }
}
