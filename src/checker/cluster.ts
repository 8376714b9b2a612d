import type { History, Op } from '../history/op.js';
import { isClientOp } from '../history/op.js';
import type { CheckResult } from './verdict.js';

/**
 * How long a primary cut off from the cluster with its clients kept acknowledging writes:
 * from the cut to the last `ok` it gave before the heal. Redis Cluster's own documented
 * window: a minority primary stops taking writes once `cluster-node-timeout` has passed.
 */
export interface LossWindow {
  /** The partition's target (`shard-primary-with-clients`) and the shard and primary cut off. */
  target: string;
  shard?: string;
  primary: string;
  /** ns since the run started: the cut, and the heal (absent when never healed). */
  start: number;
  end?: number;
  /** Writes (any client op) the cut-off primary acknowledged after the cut. */
  acknowledged: number;
  /** ms from the cut to its last acknowledgement (0 when it acknowledged nothing). */
  windowMs: number;
  /** `windowMs` minus `cluster-node-timeout` (when known): about 0 to 1000 ms is Redis's rule. */
  overTimeoutMs?: number;
}

export interface ClusterCheckResult extends CheckResult {
  /** Redirections met by client ops, by kind, and how many ops met at least one. */
  redirects: { MOVED: number; ASK: number; ops: number };
  /** `cluster-node-timeout` of the run, ms, when known. */
  nodeTimeoutMs?: number;
  lossWindows: LossWindow[];
}

export interface ClusterCheckInput {
  history: History;
  nodeTimeoutMs?: number;
}

function field(op: Op, name: string): unknown {
  const v = op.value;
  return v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[name] : undefined;
}

function at(op: Op): number {
  const t = field(op, 'at');
  return typeof t === 'number' ? t : op.time;
}

/**
 * What a Redis Cluster run shows beyond its workload's verdict: redirections counted from the
 * ops, and the loss window of every partition that cut a shard's primary off. Observations,
 * not a verdict: always `valid: true` (the workload's checker judges the data).
 */
export function checkCluster(input: ClusterCheckInput): ClusterCheckResult {
  const tally = new ClusterTally(input.history, input.nodeTimeoutMs);
  for (const op of input.history) tally.push(op);
  return tally.finish();
}

/**
 * `checkCluster` with the client ops given one by one: the windows from the nemesis ops
 * first (`nemesisOps`: any ops, the others are skipped), then `push` each op of the history.
 */
export class ClusterTally {
  private readonly redirects = { MOVED: 0, ASK: 0, ops: 0 };
  private readonly windows: LossWindow[] = [];

  constructor(
    nemesisOps: Iterable<Op>,
    private readonly nodeTimeoutMs?: number,
  ) {
    const open: LossWindow[] = [];
    // A fault's start is recorded when the nemesis returns, after the ops that completed
    // while it was taking hold; its `at` is when it took hold.
    for (const op of nemesisOps) {
      if (op.process !== 'nemesis' || op.type !== 'info') continue;
      if (op.f === 'start-partition') {
        const primary = field(op, 'primary');
        if (typeof primary !== 'string' || field(op, 'started') === false) continue;
        const shard = field(op, 'shard');
        const target = field(op, 'target');
        const w: LossWindow = {
          target: typeof target === 'string' ? target : '',
          ...(typeof shard === 'string' ? { shard } : {}),
          primary,
          start: at(op),
          acknowledged: 0,
          windowMs: 0,
        };
        this.windows.push(w);
        open.push(w);
      } else if (op.f === 'stop-partition') {
        for (const w of open.splice(0)) w.end = at(op);
      }
    }
  }

  push(op: Op): void {
    if (!isClientOp(op) || op.type === 'invoke') return;
    const redirects = this.redirects;
    if (op.redirects !== undefined && op.redirects.length > 0) {
      redirects.ops++;
      for (const r of op.redirects) redirects[r.kind]++;
    }
    if (op.type !== 'ok' || op.node === undefined) return;
    for (const w of this.windows) {
      if (op.node !== w.primary || op.time < w.start || op.time > (w.end ?? Infinity)) continue;
      w.acknowledged++;
      w.windowMs = Math.max(w.windowMs, (op.time - w.start) / 1e6);
    }
  }

  finish(): ClusterCheckResult {
    const nodeTimeoutMs = this.nodeTimeoutMs;
    for (const w of this.windows) {
      w.windowMs = Math.round(w.windowMs);
      if (nodeTimeoutMs !== undefined) w.overTimeoutMs = w.windowMs - nodeTimeoutMs;
    }
    return {
      valid: true,
      redirects: this.redirects,
      ...(nodeTimeoutMs === undefined ? {} : { nodeTimeoutMs }),
      lossWindows: this.windows,
    };
  }
}
