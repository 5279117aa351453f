/** A CommandIo that collects what a command writes, for tests. */
export function captureIo() {
  const out = { stdout: '', stderr: '' }
  const io = { stdout: { write: (s: string) => (out.stdout += s) }, stderr: { write: (s: string) => (out.stderr += s) } }
  return { out, io }
}
