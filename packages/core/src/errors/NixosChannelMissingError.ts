import { DiskImageError } from './DiskImageError.js'

/** copyChannel (default true, as in the reference) asks for a channel that `nixos.channel` does not give. */
export class NixosChannelMissingError extends DiskImageError<'E_NIXOS_CHANNEL_MISSING', { option: 'nixos.channel' }> {
  constructor() {
    super(
      'E_NIXOS_CHANNEL_MISSING',
      'nixos.channel is not set but copyChannel is true; set nixos.channel to the channel store path ' +
        "(the reference's channelSources) or set copyChannel to false (nixos-install --no-channel-copy)",
      { option: 'nixos.channel' },
    )
  }
}
