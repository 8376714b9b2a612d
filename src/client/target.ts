import type { Endpoint } from './endpoint.js';

/**
 * Where one worker sends its operations. A worker asks `primary()` before connecting and
 * calls `invalidate()` after an error; it never polls, so (as real clients do) it keeps
 * writing to the node it knows until something goes wrong.
 */
export interface Target {
  /** `fixed 127.0.0.1:6379` or `sentinel mymaster via 127.0.0.1:26379,...`, for messages. */
  readonly description: string;
  /**
   * The node to send writes to. Remembered after the first answer until `invalidate()`.
   * Rejects (with the reasons) when nobody can say, e.g. no sentinel reachable.
   */
  primary(): Promise<Endpoint>;
  /** Replicas to read from when a workload reads from replicas; may be empty. */
  replicas(): Promise<Endpoint[]>;
  /** Forget the remembered primary and replicas; the next call asks again. */
  invalidate(): void;
}
