import { DiskImageError } from './DiskImageError.js'

/** The postVM shell code does not parse (bash -n), or there is no bash to run it: found before any byte of the image is written. */
export class PostVMSyntaxError extends DiskImageError<'E_POST_VM_SYNTAX', { postVM: string; detail: string }> {
  constructor(postVM: string, detail: string) {
    super(
      'E_POST_VM_SYNTAX',
      `postVM: ${detail}; fix the shell code, or leave postVM "" to run nothing after the build.`,
      { postVM, detail },
    )
  }
}
