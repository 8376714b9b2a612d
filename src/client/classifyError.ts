import { fail, info, type Outcome, type OutcomeType } from './outcome.js';

/**
 * Why an operation did not succeed, as far as the client can tell:
 * - `rejected`: Redis answered with an error reply; that command was not applied.
 * - `not-sent`: the client refused to send (no connection, stream not writable).
 * - `connect`: the connection could not be made (refused, unreachable, connect timeout).
 * - `timeout`: no reply within the command timeout; the command may still run.
 * - `connection`: the connection broke after sending (closed, reset, broken pipe).
 * - `unknown`: anything else.
 */
export type ErrorKind = 'rejected' | 'not-sent' | 'connect' | 'timeout' | 'connection' | 'unknown';

export interface ErrorContext {
  /** Was the request handed to a ready connection? False when it never left the client. */
  sent: boolean;
  /** Writes may have happened; reads change nothing, so an unknown read is simply `fail`. */
  op: 'write' | 'read';
}

export interface Classification {
  type: Exclude<OutcomeType, 'ok'>;
  kind: ErrorKind;
  /** The error message (for Redis errors, starting with the error code). */
  message: string;
  /** The Redis error code (`READONLY`, `BUSY`, ...) for error replies. */
  code?: string;
  /** The connection or the node's role is in doubt: reconnect and find the primary again. */
  reconnect: boolean;
}

/**
 * Redis error codes that mean the server refused the command before running it. Any error
 * reply means the command that got it was not applied; these are the ones that also mean a
 * Lua script or MULTI never started, and the ones that say the node is not (or no longer) a
 * writable primary, so the worker should ask again where the primary is.
 */
export const DEFINITE_REPLY_CODES: readonly string[] = [
  'READONLY', // write to a replica
  'NOREPLICAS', // min-replicas-to-write not met
  'LOADING', // dataset still loading
  'CLUSTERDOWN',
  'BUSY', // a script or function is running past busy-reply-threshold
  'EXECABORT', // MULTI discarded (an error while queueing)
  'MOVED', // cluster redirections, not followed
  'ASK',
  'TRYAGAIN',
  'MASTERDOWN', // replica with replica-serve-stale-data no and its primary down
  'NOSCRIPT', // EVALSHA of an unknown script (the Lua mode falls back to EVAL)
  'OOM',
  'NOAUTH',
  'NOPERM',
  'WRONGPASS',
];

/** Error codes after which the worker should drop the connection and find the primary again. */
export const ROLE_REPLY_CODES: readonly string[] = [
  'READONLY',
  'NOREPLICAS',
  'LOADING',
  'MASTERDOWN',
  'CLUSTERDOWN',
  'MOVED',
  'ASK',
];

const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'EADDRINUSE',
  'ETIMEDOUT',
]);
const BROKEN_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/** Messages ioredis uses (ioredis 6). */
export const IOREDIS_NOT_WRITABLE =
  "Stream isn't writeable and enableOfflineQueue options is false";
export const IOREDIS_CLOSED = 'Connection is closed.';
export const IOREDIS_TIMED_OUT = 'Command timed out';

/** The same messages from redcheck's RESP client, so both clients classify alike. */
export const CONNECTION_CLOSED = IOREDIS_CLOSED;
export const COMMAND_TIMED_OUT = IOREDIS_TIMED_OUT;
/** The RESP client's refusal to send on a connection that is no longer open. */
export const NOT_CONNECTED = 'The connection is not open; nothing was sent';

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

function errnoOf(err: unknown): string | undefined {
  if (err instanceof Error && 'code' in err && typeof err.code === 'string') return err.code;
  return undefined;
}

/** The Redis error code of an error reply (`READONLY`, `ERR`, ...); undefined otherwise. */
export function replyCode(err: unknown): string | undefined {
  if (!(err instanceof Error) || err.name !== 'ReplyError') return undefined;
  const first = err.message.split(' ', 1)[0] ?? '';
  return /^[A-Z][A-Z_-]*$/.test(first) ? first : 'ERR';
}

/**
 * Classify one error from one request. A pure function of the error and its context.
 *
 * | error                                              | write                 | read |
 * |----------------------------------------------------|-----------------------|------|
 * | error reply (READONLY, NOREPLICAS, BUSY, ... ERR)  | fail (rejected)       | fail |
 * | `Stream isn't writeable ...`, NOT_CONNECTED        | fail (not-sent)       | fail |
 * | ECONNREFUSED, EHOSTUNREACH, connect ETIMEDOUT, ... | fail (connect)        | fail |
 * | `Command timed out`                                | info if sent, else fail | fail |
 * | `Connection is closed.`, ECONNRESET, EPIPE         | info if sent, else fail | fail |
 * | anything else                                      | info if sent, else fail | fail |
 *
 * Mixed outcomes of several commands (a pipeline where one command succeeded and another
 * failed) are decided by the modes, not here: see `combineReplies`.
 */
export function classifyError(err: unknown, context: ErrorContext): Classification {
  const message = messageOf(err);
  const unsure: Classification['type'] = context.op === 'read' || !context.sent ? 'fail' : 'info';
  const code = replyCode(err);
  if (code !== undefined) {
    return {
      type: 'fail',
      kind: 'rejected',
      message,
      code,
      reconnect: ROLE_REPLY_CODES.includes(code),
    };
  }
  if (message === IOREDIS_NOT_WRITABLE || message === NOT_CONNECTED) {
    return { type: 'fail', kind: 'not-sent', message, reconnect: true };
  }
  const errno = errnoOf(err);
  const syscall = err instanceof Error && 'syscall' in err ? err.syscall : undefined;
  if (errno !== undefined && CONNECT_CODES.has(errno) && (syscall === 'connect' || !context.sent)) {
    return { type: 'fail', kind: 'connect', message, reconnect: true };
  }
  if (message === IOREDIS_TIMED_OUT) {
    return { type: unsure, kind: 'timeout', message, reconnect: true };
  }
  if (message === IOREDIS_CLOSED || (errno !== undefined && BROKEN_CODES.has(errno))) {
    return {
      type: unsure,
      kind: context.sent ? 'connection' : 'not-sent',
      message,
      reconnect: true,
    };
  }
  if (err instanceof Error && err.name === 'MaxRetriesPerRequestError') {
    return { type: unsure, kind: 'connection', message, reconnect: true };
  }
  return { type: unsure, kind: 'unknown', message, reconnect: true };
}

/** The outcome for a request that ended in the error `c`. */
export function outcomeOf(c: Classification, value?: unknown): Outcome {
  return c.type === 'fail' ? fail(c.message, c.reconnect) : info(c.message, value, c.reconnect);
}

/** True for a definite pre-run rejection (see DEFINITE_REPLY_CODES). */
export function isDefiniteReply(err: unknown): boolean {
  const code = replyCode(err);
  return code !== undefined && DEFINITE_REPLY_CODES.includes(code);
}
