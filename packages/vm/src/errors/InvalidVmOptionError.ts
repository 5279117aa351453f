import { VmError } from './VmError.js'

/** An option of installBootloader / bootAndWaitForMarker has a value that cannot work; nothing was started. */
export class InvalidVmOptionError extends VmError<'E_INVALID_VM_OPTION', { option: string; value: unknown; expected: string }> {
  constructor(option: string, value: unknown, expected: string) {
    super('E_INVALID_VM_OPTION', `Option ${option} is ${JSON.stringify(value)}; it must be ${expected}.`, { option, value, expected })
  }
}
