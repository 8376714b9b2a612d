/**
 * Every stable error code redcheck raises. A code is part of the interface (scripts match on
 * it), so a new one is added here, and a typo in one is a compile error.
 */
export type ErrorCode =
  // input: options, scenarios, usage
  | 'E_USAGE'
  | 'E_OPTION'
  | 'E_OPTION_INVALID'
  | 'E_BAD_OPTION'
  | 'E_CLIENT_OPTION'
  | 'E_DURATION'
  | 'E_SCENARIO'
  | 'E_UNKNOWN_CLAIM'
  | 'E_UNKNOWN_CLIENT'
  | 'E_UNKNOWN_FORMAT'
  | 'E_UNKNOWN_MODE'
  | 'E_UNKNOWN_MODEL'
  | 'E_UNKNOWN_NEMESIS'
  | 'E_UNKNOWN_PERSISTENCE'
  | 'E_UNKNOWN_READ_FROM'
  | 'E_UNKNOWN_REDIS'
  | 'E_UNKNOWN_TOPOLOGY'
  | 'E_UNKNOWN_WORKLOAD'
  | 'E_MODEL_UNDETECTED'
  | 'E_NEMESIS_SPEC'
  | 'E_NEMESIS_SCHEDULE'
  | 'E_NEMESIS_TOPOLOGY'
  // histories
  | 'E_HISTORY_MALFORMED'
  | 'E_HISTORY_INVALID'
  | 'E_HISTORY_UNREADABLE'
  | 'E_HISTORY_UNWRITABLE'
  | 'E_HISTORY_CLOSED'
  // the run store and its files
  | 'E_STORE'
  | 'E_RUN_MALFORMED'
  | 'E_RUN_SCHEMA'
  | 'E_RUN_SCHEMA_VERSION'
  | 'E_RUN_UNREADABLE'
  | 'E_RUN_UNCHECKABLE'
  | 'E_CHECK_SCRATCH'
  | 'E_RUN_TIMEOUT'
  | 'E_REPORT_ASSETS'
  | 'E_REPORT_UNAVAILABLE'
  | 'E_OUTPUT_UNWRITABLE'
  // Docker, images, nodes, Redis
  | 'E_DOCKER_UNREACHABLE'
  | 'E_IMAGE_BUILD'
  | 'E_IMAGE_MISSING'
  | 'E_IMAGE_STALE'
  | 'E_BAD_FLAVOR'
  | 'E_BAD_DEPLOYMENT'
  | 'E_SETUP_FAILED'
  | 'E_UNHEALTHY'
  | 'E_NODE_EXEC'
  | 'E_NODE_SIGNAL'
  | 'E_REDIS_START'
  | 'E_NODE_TOOLS'
  | 'E_REDIS_CONF'
  | 'E_POWER_LOSS_UNSUPPORTED'
  | 'E_WAIT_REPLICAS'
  | 'E_WAIT_TIMEOUT'
  // several engines (--engines): the list, each engine, the swarm, the image, the overlay
  | 'E_ENGINES'
  | 'E_ENGINE_UNREACHABLE'
  | 'E_ENGINE_SWARM'
  | 'E_ENGINE_IMAGE'
  | 'E_ENGINE_OVERLAY'
  // a bug: an error that is not a RedcheckError, as recorded in results.json
  | 'E_INTERNAL';

/**
 * A user-facing failure: bad input, an invalid scenario, Docker unreachable, setup failed.
 * The CLI prints `message` (and `fix` when given) without a stack trace and exits with 2.
 */
export class RedcheckError extends Error {
  override readonly name = 'RedcheckError';
  constructor(
    /** Stable machine-readable code, e.g. `E_HISTORY_MALFORMED`, `E_DOCKER_UNREACHABLE`. */
    readonly code: ErrorCode,
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

/** The process exit codes of `run`, `check` and every other command. */
export const EXIT = {
  /** Every checker found the history valid. */
  valid: 0,
  /** Some checker found the history invalid. */
  invalid: 1,
  /** Bad input, Docker unreachable, setup failed: any RedcheckError. */
  error: 2,
  /** No checker found it invalid, but some could not decide (time or memory budget). */
  unknown: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Exit code for any error: every RedcheckError and every setup failure is 2. */
export const EXIT_ERROR = EXIT.error;

/** The message of anything thrown: an Error's `message`, else its string form. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
