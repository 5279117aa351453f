import { DiskImageError } from './DiskImageError.js'

/** espContents does not fit the ESP that bootSize makes: mcopy filled the FAT partition. */
export class EspContentsTooLargeError extends DiskImageError<
  'E_ESP_CONTENTS_TOO_LARGE',
  { espContents: string; espBytes: number; contentsBytes: number; suggestedBootSizeMiB: number; detail: string }
> {
  constructor(espContents: string, espBytes: number, contentsBytes: number, suggestedBootSizeMiB: number, detail: string, options?: { cause?: unknown }) {
    const mib = (n: number) => (n / 1048576).toFixed(1)
    super(
      'E_ESP_CONTENTS_TOO_LARGE',
      `espContents ${JSON.stringify(espContents)} (${mib(contentsBytes)} MiB) does not fit the ESP of ${mib(espBytes)} MiB (mcopy: ${detail}). ` +
        `Raise bootSize to at least about ${suggestedBootSizeMiB}M, or put fewer files in espContents.`,
      { espContents, espBytes, contentsBytes, suggestedBootSizeMiB, detail },
      options,
    )
  }
}
