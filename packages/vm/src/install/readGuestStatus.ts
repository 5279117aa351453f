import { statusPrefix } from '../initramfs/GuestPlan.js'

/** What the helper VM's /init reported on the serial console. */
export type GuestStatus = { kind: 'exit'; status: number } | { kind: 'setup-failed'; step: string }

/** Finds the status line /init prints (`diskimage-vm-<nonce>: exit 0` / `…: setup-failed <step>`). */
export function readGuestStatus(serialText: string, nonce: string): GuestStatus | undefined {
  const prefix = statusPrefix(nonce).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const match = new RegExp(`${prefix} (exit (\\d+)|setup-failed ([^\\r\\n]*))\\r?\\n`).exec(serialText)
  if (!match) return undefined
  if (match[2] !== undefined) return { kind: 'exit', status: Number(match[2]) }
  return { kind: 'setup-failed', step: match[3] ?? '' }
}
