import { NixError } from './NixError.js'

/**
 * A registration file (the `registration` of pkgs.closureInfo, or `nix-store --dump-db`
 * output) does not follow the format `nix-store --load-db` reads.
 */
export class RegistrationFormatError extends NixError<'E_NIX_REGISTRATION_FORMAT', { file: string; line: number; reason: string }> {
  constructor(file: string, line: number, reason: string) {
    super(
      'E_NIX_REGISTRATION_FORMAT',
      `${file}, line ${line}: ${reason}; give the registration file pkgs.closureInfo makes ` +
        '(or the output of nix-store --dump-db): per path its store path, NAR hash, NAR size, deriver, ' +
        'number of references and the references, one per line',
      { file, line, reason },
    )
  }
}
