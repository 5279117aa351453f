import { DiskImageError } from '../../errors/DiskImageError.js'

/** bootSize leaves the boot/ESP partition of the layout empty (parted would fail half-way). */
export class BootSizeTooSmallError extends DiskImageError<
  'E_BOOT_SIZE_TOO_SMALL',
  { partitionTableType: string; bootSize: number; minimumBootSize: number; partition: string }
> {
  constructor(partitionTableType: string, bootSize: number, minimumBootSize: number, partition: string) {
    super(
      'E_BOOT_SIZE_TOO_SMALL',
      `bootSize ${bootSize} bytes leaves the ${partition} partition of partitionTableType "${partitionTableType}" empty: ` +
        `set bootSize to at least ${minimumBootSize / 1048576}M (${minimumBootSize} bytes).`,
      { partitionTableType, bootSize, minimumBootSize, partition },
    )
  }
}
