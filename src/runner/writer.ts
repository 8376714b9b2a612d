import type { Outcome } from '../client/outcome.js';
import type { RedisCommand } from '../client/redisCommand.js';
import type { Redirect } from '../history/op.js';

/** What a worker's write came to, and where it went. */
export interface WriteResult {
  outcome: Outcome;
  /** Name of the node the write was sent to (`n1`), when known. */
  node?: string;
  /** Redis Cluster redirections the op met, nodes by name. */
  redirects?: Redirect[];
}

/** One worker's connection to the deployment, performing writes through the run's mode. */
export interface Writer {
  /**
   * Perform one write (finding the primary first if needed). Never throws: every error is an
   * outcome (`fail` when it certainly did not happen, `info` when it may have).
   */
  write(commands: readonly RedisCommand[]): Promise<WriteResult>;
  /**
   * Perform one compare-and-set (`[casCommand(...)]`) by the run's mode's cas rule. `fail`
   * when the value was not the expected one. Never throws.
   */
  cas(commands: readonly RedisCommand[]): Promise<WriteResult>;
  /**
   * Perform one read on the primary, or on a replica when the run reads from replicas. Any
   * error, a timeout included, is `fail`. `outcome.value` is the reply. Never throws.
   */
  read(command: RedisCommand): Promise<WriteResult>;
  /** Close the connection(s). Idempotent; never throws. */
  close(): Promise<void>;
}

/** Makes the writer of worker `index`, bound to the source address of client zone `zone`. */
export type WriterFactory = (
  index: number,
  zone: { name: string; ip: string } | undefined,
) => Writer;
