/**
 * One event of a history. An operation is an `invoke` followed, on the same process, by its
 * completion: `ok` (it happened), `fail` (it certainly did not happen) or `info` (unknown: it
 * may have happened, now or at any later time). Nemesis events use `process: "nemesis"`; the
 * final reads a run records after the heal use `process: "final"` (one `invoke` and one `ok` or
 * `fail` per node, `f: "final-read"`, completion value `{role, state}`). The runner's probe
 * (`src/runner/probe.ts`: its own keys, written to every primary from every client zone) uses
 * `process: "probe"`, `f: "probe"`, the value naming its lane. Only ops whose process is a
 * number are client ops (`isClientOp`): every checker ignores the others.
 *
 * `time` is monotonic nanoseconds since the run started, taken just before the request is
 * sent (invoke) and just after the reply arrives (completion). The order of ops in a history
 * is the order of events; readers never re-sort by `time`.
 */
export type OpType = 'invoke' | 'ok' | 'fail' | 'info';

/** A client's number, the nemesis, the runner's final reads, or the runner's probe. */
export type Process = number | 'nemesis' | 'final' | 'probe';

export interface Op {
  /** Position of this event in the history, 0-based, dense. */
  index: number;
  /** Nanoseconds since the run started (monotonic). */
  time: number;
  process: Process;
  type: OpType;
  /** The function: `read`, `write`, `cas`, `add`, `get`, `put`, `append`, `start`, ... */
  f: string;
  /** Any JSON value; for keyed histories, see `key`. */
  value: unknown;
  /** Key of the operation in a keyed (independent) history. */
  key?: string;
  /** Node (container) the client talked to. */
  node?: string;
  /** Error message for `fail` and `info` completions. */
  error?: string;
  /**
   * Redis Cluster redirections the client followed (or met) for this op, in order: `MOVED`
   * and `ASK` mean the command did not run where it was first sent.
   */
  redirects?: Redirect[];
}

/** One cluster redirection: the slot, and the nodes it went from and to. */
export interface Redirect {
  kind: 'MOVED' | 'ASK';
  slot: number;
  from: string;
  to: string;
}

export type History = Op[];

/** An op of a client: its process is a number. */
export type ClientOp = Op & { process: number };

export const OP_TYPES: readonly OpType[] = ['invoke', 'ok', 'fail', 'info'];

export function isNemesis(op: Op): boolean {
  return op.process === 'nemesis';
}

/** Whether `op` is a client op (its process is a number): neither nemesis nor a final read. */
export function isClientOp(op: Op): op is ClientOp {
  return typeof op.process === 'number';
}
