import { VmError } from './VmError.js'

/** The VM did not finish (or show the awaited marker) within timeoutMs; it was killed. */
export class VmTimeoutError extends VmError<'E_VM_TIMEOUT', { timeoutMs: number; waitingFor: string; serialLog: string }> {
  constructor(timeoutMs: number, waitingFor: string, serialLog: string) {
    super(
      'E_VM_TIMEOUT',
      `The VM was killed after timeoutMs=${timeoutMs} while waiting for ${waitingFor}: raise timeoutMs (TCG without KVM ` +
        `is slow) or find the hang in the serial console's last lines:\n${serialLog}`,
      { timeoutMs, waitingFor, serialLog },
    )
  }
}
