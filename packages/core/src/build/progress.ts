/** The phases of a build, in order. */
export type BuildPhase = 'validate' | 'stage' | 'size' | 'partition' | 'rootfs' | 'bootfs' | 'bootloader' | 'convert' | 'finish'

/** What buildImage reports while it works: the phase and, where it is known, bytes done of a total. */
export interface ProgressEvent {
  phase: BuildPhase
  message: string
  done?: number
  total?: number
}

export type ProgressListener = (event: ProgressEvent) => void
