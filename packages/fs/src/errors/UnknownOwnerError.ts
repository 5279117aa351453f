import { FsError } from './FsError.js'

/** A `contents` entry names a user or group that the image's own /etc/passwd or /etc/group does not define. */
export class UnknownOwnerError extends FsError<'UNKNOWN_OWNER', { kind: 'user' | 'group'; name: string; file: string; target: string }> {
  constructor(kind: 'user' | 'group', name: string, file: string, target: string) {
    super(
      'UNKNOWN_OWNER',
      `contents: ${kind} ${JSON.stringify(name)} for target ${target} is not defined in the image's ${file}; ` +
        `add it to ${file} in the root tree, or use a numeric id.`,
      { kind, name, file, target },
    )
  }
}
