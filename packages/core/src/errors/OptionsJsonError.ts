import { DiskImageError } from './DiskImageError.js'

/** The JSON form of the options is not JSON, or not a JSON object. */
export class OptionsJsonError extends DiskImageError<'E_OPTIONS_JSON', { reason: string }> {
  constructor(reason: string, options?: { cause?: unknown }) {
    super('E_OPTIONS_JSON', `options JSON: ${reason}; write one JSON object whose keys are option names, e.g. {"partitionTableType": "efi"}`, { reason }, options)
  }
}
