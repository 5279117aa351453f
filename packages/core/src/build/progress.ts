/** The phases of a build, in order (postVM's lines come after finish, once the results are in out). */
export type BuildPhase = 'validate' | 'stage' | 'size' | 'partition' | 'rootfs' | 'bootfs' | 'bootloader' | 'convert' | 'finish' | 'postVM'

/** What buildImage reports while it works: the phase and, where it is known, bytes done of a total. */
export interface ProgressEvent {
  phase: BuildPhase
  message: string
  done?: number
  total?: number
}

export type ProgressListener = (event: ProgressEvent) => void
