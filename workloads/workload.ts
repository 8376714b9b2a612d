import type { Redis } from 'ioredis';
import type { CheckResult } from '../src/checker/verdict.js';
import type { LostWriteColumns } from '../src/checker/setStream/lostWriteColumns.js';
import type { FaultInterval } from '../src/history/faultInterval.js';
import type { History, Op } from '../src/history/op.js';
import type { ObjectValueScanner, OpLineScanner } from '../src/history/opLineScanner.js';
import type { FieldPairHandler } from '../src/history/fieldPairer.js';
import type { RedisCommand } from '../src/client/redisCommand.js';
import type { ElementReadConnection } from '../src/client/resp/elementReadConnection.js';

/** What every workload op has. */
interface OpBase {
  /** History `f`, e.g. `add`, `read`, `write`, `cas`. */
  f: string;
  /** History `value`: unique per write, so an observed value names the write that made it. */
  value: unknown;
  /** History `key`, for keyed histories checked per key. */
  key?: string;
}

/** A write: its commands run through the run's mode. */
export interface WriteOp extends OpBase {
  kind?: 'write';
  /** The write as Redis commands; the mode decides how they run. */
  commands: RedisCommand[];
  /**
   * The history value of an `ok` completion, from the replies (one per command), for writes
   * that read too (a transaction's LRANGE). Default: the invoke's value.
   */
  complete?(replies: readonly unknown[]): unknown;
}

/** A read: one command on the primary, or a replica when the run reads from replicas. */
export interface ReadOp extends OpBase {
  kind: 'read';
  command: RedisCommand;
  /** The history value of an `ok` read, from the reply (e.g. `"3"` -> `3`). */
  parse(reply: unknown): unknown;
}

/** A compare-and-set: `commands` is `[casCommand(...)]`; the mode decides how it runs. */
export interface CasOp extends OpBase {
  kind: 'cas';
  commands: RedisCommand[];
}

/** One operation a workload asks a worker to perform. */
export type WorkloadOp = WriteOp | ReadOp | CasOp;

/** A node's final state as the workload read it. */
export interface NodeFinalRead<S> {
  node: string;
  /** Whether this node is the agreed primary after settling (in a cluster: of its shard). */
  primary: boolean;
  /** Redis Cluster: the node's shard (`s1`), and the slots it served as a primary. */
  shard?: string;
  slots?: [number, number][];
  /** The state; absent when the read failed. */
  state?: S;
  error?: string;
}

/** What a workload's checker gets. */
export interface WorkloadCheckInput<S> {
  history: History;
  reads: NodeFinalRead<S>[];
  faults: FaultInterval[];
  /** Time budget of expensive checks (linearizability); past it their verdict is `unknown`. */
  checkTimeLimitMs?: number;
}

/**
 * A workload's checker over the history read as a stream, in memory that does not grow with
 * the number of ops (beyond a few bytes an element): the run's check phase and `check
 * <run-dir>` use it instead of `check` when the workload has one.
 */
export interface WorkloadStreamCheck<R> {
  /** Every op of the history (final reads included), in order: the history is read once. */
  push(op: Op): void;
  /** The reading is over: judge what it gathered (may throw). */
  endReading(faults: readonly FaultInterval[]): void;
  /** Let go of what the check holds outside memory (a scratch file) when it ends early. */
  close?(): void;
  /** The checker entries (same as `check`'s). */
  finish(): R;
  /** After `finish`: every lost write, for the passes after the checkers (set workload). */
  lostWrites?(): LostWriteColumns | undefined;
  /**
   * Decodes the final reads' values from the history's bytes in a form `push` takes (the set
   * workload's pages without a string an element); the reader uses it in the first reading.
   */
  scanFinalValue?: ObjectValueScanner;
  /**
   * The same check for a reader that pairs the client ops itself, one pairing for all its
   * checkers, from lines decoded into fields (`FieldPairer`, `OpLineScanner`): client ops go
   * to `paired`, every other op to `pushOther`; `endReading` ends the reading as usual.
   */
  fields?: PairedStreamCheck;
}

/** `WorkloadStreamCheck.fields`. */
export interface PairedStreamCheck {
  pushOther(op: Op): void;
  /**
   * What an invoke's value is kept as until its op pairs (`FieldPairHandler`'s `id`); called
   * unbound (`FieldPairer.pushOp`).
   */
  readonly invokeId: (f: string, value: unknown) => number;
  /** `invokeId` of an invoke line the scanner read, without decoding its value. */
  invokeIdScanned(scanner: OpLineScanner, buf: Uint8Array): number;
  paired: FieldPairHandler;
}

/** Where a streamed check may keep what grows with the history (`AckLog`). */
export interface StreamCheckOptions {
  /** A folder for scratch files, e.g. the history's own (default: the temporary folder). */
  scratchDir?: string;
}

/**
 * What the clients do and how the result is judged (Jepsen's generator + client + checker).
 * `S` is the final state read from one node; `R` the checker entries `check` returns (the
 * `checkers` of `results.json`). Nothing above a workload switches on its name: the runner,
 * the CLI and the report read what they need here, so a new workload is its module plus one
 * line in `registry.ts`.
 */
export interface Workload<
  S = unknown,
  R extends Record<string, CheckResult> = Record<string, CheckResult>,
> {
  readonly name: string;
  /** One line for `redcheck run --help`. */
  readonly help: string;
  /** The names of the checker entries `check` returns; the report draws one section each. */
  readonly checkers: readonly string[];
  /** The keys the workload touches (for logs and the report). */
  readonly keys: readonly string[];
  /** The `n`-th op of the run (0-based, run-wide). Pure: same `n` => same op. */
  op(n: number): WorkloadOp;
  /**
   * Ops to perform once, in order, by the first worker before the others start (e.g. the
   * register's initial values); recorded in the history like any op. Default: none.
   */
  readonly initialOps?: readonly WorkloadOp[];
  /** Read the final state of one node; throws when it cannot be read. */
  finalRead(redis: Redis): Promise<S>;
  /**
   * Read the final state of one node in pages of about `pageSize` items, each Redis call
   * under the client's command timeout; the runner stores each page as it comes (one history
   * op each), so a state of any size is read and stored in bounded memory. At least one page;
   * throws when a page cannot be read. Absent: `finalRead` is the one page.
   */
  finalReadPages?(redis: Redis, pageSize: number): AsyncIterable<S>;
  /**
   * The pages of `finalReadPages` read over a connection that hands the replies' items over
   * as bytes, each page as the JSON of its `S` (byte for byte what `JSON.stringify` writes),
   * each call under `timeoutMs`: a fraction of the CPU for a state of tens of millions of
   * items. Optional; the runner uses it when present.
   */
  finalReadJsonPages?(
    conn: ElementReadConnection,
    pageSize: number,
    timeoutMs: number,
  ): AsyncIterable<Buffer>;
  /** The pages of one node's read as one state (required with `finalReadPages`). */
  joinPages?(pages: readonly S[]): S;
  /**
   * The final state as stored in the history (a final read's `value.state`), checked: a run
   * is checked again from its files, which may have been edited or cut. Throws an Error saying
   * what was expected.
   */
  parseState(stored: unknown): S;
  /** The streamed form of `check` (absent: the history is checked in memory). */
  streamCheck?(options?: StreamCheckOptions): WorkloadStreamCheck<R>;
  /** Judge the run; one entry per checker. May throw (the runner turns that into `unknown`). */
  check(input: WorkloadCheckInput<S>): R | Promise<R>;
  /** A few lines for the terminal about what `check` found (e.g. acknowledged and lost). */
  summary(result: R): string[];
}
