import { DiskImageError } from './DiskImageError.js'

/** The reference's assert: deterministic ext4 needs a filesystem UUID to stamp with `tune2fs -U`. */
export class MissingRootFsUidError extends DiskImageError<'E_MISSING_ROOT_FS_UID', { fsType: string; deterministic: true }> {
  constructor(fsType: string) {
    super(
      'E_MISSING_ROOT_FS_UID',
      `rootFSUID: null is not allowed with fsType ${JSON.stringify(fsType)} and deterministic true; ` +
        'set rootFSUID to a GUID (by default it equals rootGPUID) or set deterministic to false',
      { fsType, deterministic: true },
    )
  }
}
