import { checkStats } from '../checker/stats.js';
import { checkCluster } from '../checker/cluster.js';
import { mergeValidity, type CheckResult, type Validity } from '../checker/verdict.js';
import { RedcheckError, errorMessage } from '../errors.js';
import { faultIntervals } from '../history/faultInterval.js';
import type { History, Op } from '../history/op.js';
import { FAULT_OP_NAMES } from '../../nemesis/index.js';
import { workloadNamed, type NodeFinalRead, type Workload } from '../../workloads/index.js';
import { runChecker, runCheckerAsync } from './checkRun.js';
import { FINAL_READ } from './phases/finalReads.js';

/** What a run's verdict is derived from: its scenario and its history, nothing else. */
export interface CheckHistoryInput {
  readonly scenario: {
    readonly workload: string;
    readonly checkTimeLimitMs: number;
    /** `cluster` adds the cluster observations (redirections, loss windows). */
    readonly topology?: string;
    readonly clusterNodeTimeoutMs?: number;
  };
  /** The whole history: client ops, nemesis ops and the final reads. */
  readonly history: History;
}

export interface CheckHistoryOutput {
  /** One entry per checker (the workload's, then `stats`). */
  readonly checkers: Record<string, CheckResult>;
  readonly valid: Validity;
  /** The workload's lines for the terminal (empty when its checker crashed). */
  readonly summary: string[];
}

/**
 * Every checker of a run, from its history alone: the final reads and the fault windows are
 * read back out of it. The run's own check phase and `redcheck check <run-dir>` both call
 * this, so a stored run gives the same verdict when it is checked again.
 */
export async function checkHistory(input: CheckHistoryInput): Promise<CheckHistoryOutput> {
  const { history, scenario } = input;
  const workload = workloadNamed(scenario.workload);
  const reads = finalReadsOf(history, workload);
  const faults = faultIntervals(history, FAULT_OP_NAMES);
  let summary: string[] = [];
  const own = await runCheckerAsync(workload.checkers[0] ?? workload.name, async () => {
    const result = await workload.check({
      history,
      reads,
      faults,
      checkTimeLimitMs: scenario.checkTimeLimitMs,
    });
    summary = workload.summary(result);
    return result;
  });
  const nodeTimeoutMs = scenario.clusterNodeTimeoutMs;
  const checkers = {
    ...own,
    ...runChecker('stats', () => ({ stats: checkStats(history) })),
    ...(scenario.topology === 'cluster'
      ? runChecker('cluster', () => ({
          cluster: checkCluster({
            history,
            ...(nodeTimeoutMs === undefined ? {} : { nodeTimeoutMs }),
          }),
        }))
      : {}),
  };
  return {
    checkers,
    valid: mergeValidity(Object.values(checkers).map((c) => c.valid)),
    summary,
  };
}

/** Whether the history holds the final reads (a run that was stopped early has none). */
export function hasFinalReads(history: History): boolean {
  return history.some((op) => op.process === 'final');
}

/**
 * The final read of each node, from the history's `final-read` ops: one `ok` op per page
 * (`value.page`, `value.last`; a read stored before paging is one op without them), joined by
 * the workload's `joinPages`. A read with a `fail` page, or without its last page, has
 * `error`. Throws E_RUN_MALFORMED naming the op when one does not hold what the workload reads.
 */
export function finalReadsOf<S>(history: History, workload: Workload<S>): NodeFinalRead<S>[] {
  const reads = new Map<string, { read: NodeFinalRead<S>; pages: S[]; last: boolean }>();
  for (const op of history) {
    if (op.process !== 'final' || op.f !== FINAL_READ || op.type === 'invoke') continue;
    const node = op.node ?? `(op ${op.index})`;
    let entry = reads.get(node);
    if (entry === undefined) {
      const role = valueField(op, 'role');
      const read: NodeFinalRead<S> = { node, primary: role === 'primary' };
      const shard = valueField(op, 'shard');
      if (typeof shard === 'string') read.shard = shard;
      const slots = valueField(op, 'slots');
      if (isSlotRanges(slots)) read.slots = slots;
      entry = { read, pages: [], last: false };
      reads.set(node, entry);
    }
    if (op.type !== 'ok') {
      entry.read.error ??= op.error ?? op.type;
      continue;
    }
    try {
      entry.pages.push(workload.parseState(valueField(op, 'state')));
    } catch (e) {
      throw new RedcheckError(
        'E_RUN_MALFORMED',
        `final read of ${node} (history index ${op.index}): ${errorMessage(e)}`,
        `the ${workload.name} workload stores its final state as the op's value.state`,
      );
    }
    if (valueField(op, 'last') !== false) entry.last = true;
  }
  return [...reads.values()].map(({ read, pages, last }) => {
    if (read.error !== undefined) return read;
    if (!last) return { ...read, error: 'the final read ended before its last page' };
    if (pages.length === 1) return { ...read, state: pages[0] };
    if (workload.joinPages === undefined) {
      throw new RedcheckError(
        'E_RUN_MALFORMED',
        `final read of ${read.node}: ${pages.length} pages, and the ${workload.name} workload reads one`,
        'the history was written by another redcheck; check it with that version',
      );
    }
    return { ...read, state: workload.joinPages(pages) };
  });
}

function isSlotRanges(v: unknown): v is [number, number][] {
  return (
    Array.isArray(v) &&
    v.every((r) => Array.isArray(r) && r.length === 2 && r.every((x) => Number.isInteger(x)))
  );
}

function valueField(op: Op, name: string): unknown {
  const v = op.value;
  return v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[name] : undefined;
}
