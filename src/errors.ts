/**
 * A user-facing failure: bad input, an invalid scenario, Docker unreachable, setup failed.
 * The CLI prints `message` (and `fix` when given) without a stack trace and exits with 2.
 */
export class RedcheckError extends Error {
  override readonly name = 'RedcheckError';
  constructor(
    /** Stable machine-readable code, e.g. `E_HISTORY_MALFORMED`, `E_DOCKER_UNREACHABLE`. */
    readonly code: string,
    message: string,
    /** What the user should do about it. */
    readonly fix?: string,
  ) {
    super(message);
  }
}

export function isRedcheckError(e: unknown): e is RedcheckError {
  return e instanceof RedcheckError;
}

/** Exit code for any error: every RedcheckError and every setup failure is 2. */
export const EXIT_ERROR = 2;
