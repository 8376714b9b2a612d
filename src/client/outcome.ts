/**
 * How one operation ended, in the history's terms: `ok` (it happened), `fail` (it certainly
 * did not happen) or `info` (unknown: it may have happened, now or later).
 */
export type OutcomeType = 'ok' | 'fail' | 'info';

export interface Outcome {
  type: OutcomeType;
  /** The error (or the reason for `info`) as Redis or the client reported it. */
  error?: string;
  /** The reply: one per command for writes, the read's value for reads. */
  value?: unknown;
  /**
   * Set when the connection or the node's role is in doubt (closed, timed out, READONLY,
   * ...): drop the connection and find the primary again before the next operation.
   */
  reconnect?: boolean;
}

export function ok(value?: unknown): Outcome {
  return value === undefined ? { type: 'ok' } : { type: 'ok', value };
}

export function fail(error: string, reconnect = false): Outcome {
  return reconnect ? { type: 'fail', error, reconnect } : { type: 'fail', error };
}

export function info(error: string, value?: unknown, reconnect = false): Outcome {
  const outcome: Outcome = { type: 'info', error };
  if (value !== undefined) outcome.value = value;
  if (reconnect) outcome.reconnect = true;
  return outcome;
}
