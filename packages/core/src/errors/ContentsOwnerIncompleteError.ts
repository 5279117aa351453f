import { DiskImageError } from './DiskImageError.js'
import { describeValue } from './describeValue.js'

/** The reference's assert: a contents entry sets `user` without `group` or the reverse. */
export class ContentsOwnerIncompleteError extends DiskImageError<
  'E_CONTENTS_OWNER_INCOMPLETE',
  { option: string; user: unknown; group: unknown }
> {
  constructor(option: string, user: unknown, group: unknown) {
    const [missing, present] = user === undefined || user === null ? ['user', 'group'] : ['group', 'user']
    super(
      'E_CONTENTS_OWNER_INCOMPLETE',
      `${option}: user ${describeValue(user)} and group ${describeValue(group)} must be set both or neither; ` +
        `set ${missing} too, or remove ${present}`,
      { option, user, group },
    )
  }
}
