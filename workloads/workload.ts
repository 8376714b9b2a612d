import type { Redis } from 'ioredis';
import type { CheckResult } from '../src/checker/verdict.js';
import type { FaultWindow } from '../src/checker/faultWindows.js';
import type { History } from '../src/history/op.js';
import type { RedisCommand } from '../src/client/RedisCommand.js';

/** One operation a workload asks a worker to perform. */
export interface WorkloadOp {
  /** History `f`, e.g. `add`. */
  f: string;
  /** History `value`: unique per write, so an observed value names the write that made it. */
  value: unknown;
  /** The write as Redis commands; the mode decides how they run. */
  commands: RedisCommand[];
}

/** A node's final state as the workload read it. */
export interface NodeFinalRead<S> {
  node: string;
  /** Whether this node is the agreed primary after settling. */
  primary: boolean;
  /** The state; absent when the read failed. */
  state?: S;
  error?: string;
}

/** What a workload's checker gets. */
export interface WorkloadCheckInput<S> {
  history: History;
  reads: NodeFinalRead<S>[];
  faults: FaultWindow[];
}

/**
 * What the clients do and how the result is judged (Jepsen's generator + client + checker).
 * `S` is the final state read from one node.
 */
export interface Workload<S> {
  readonly name: string;
  /** The keys the workload touches (for logs and the report). */
  readonly keys: readonly string[];
  /** The `n`-th op of the run (0-based, run-wide). Pure: same `n` => same op. */
  op(n: number): WorkloadOp;
  /** Read the final state of one node; throws when it cannot be read. */
  finalRead(redis: Redis): Promise<S>;
  /** Judge the run; one entry per checker. May throw (the runner turns that into `unknown`). */
  check(input: WorkloadCheckInput<S>): Record<string, CheckResult>;
}
