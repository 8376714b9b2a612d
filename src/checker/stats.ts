import type { History, Op, OpType } from '../history/op.js';
import { OpPairer } from '../history/pairOps.js';
import type { CheckResult } from './verdict.js';

export type OutcomeCounts = Record<Exclude<OpType, 'invoke'>, number> & {
  /** Invocations with no completion in the history. */
  pending: number;
};

export interface StatsResult extends CheckResult {
  /** Completions of client ops (nemesis and final reads excluded). */
  total: number;
  /** Counts by completion type over all functions. */
  byType: OutcomeCounts;
  /** Counts by function, then by completion type. */
  byF: Record<string, OutcomeCounts>;
  /** Functions that never completed `ok`: the workload never made progress on them. */
  neverOk: string[];
}

function zero(): OutcomeCounts {
  return { ok: 0, fail: 0, info: 0, pending: 0 };
}

/**
 * Count client ops by function and completion type, as Jepsen's stats checker does: invalid
 * when some function never succeeded (a run that could not write proves nothing). Ops are
 * paired by `OpPairer` (a completion with no invoke throws E_HISTORY_INVALID).
 */
export function checkStats(history: History): StatsResult {
  const tally = new StatsTally();
  for (const op of history) tally.push(op);
  return tally.finish();
}

/** `checkStats` over a history given op by op (memory: the ops in flight). */
export class StatsTally {
  private readonly byF: Record<string, OutcomeCounts> = {};
  private readonly byType = zero();
  private total = 0;
  private readonly pairer = new OpPairer((invoke, done) =>
    this.paired(invoke.f, done?.type as Exclude<OpType, 'invoke'> | undefined),
  );

  push(op: Op): void {
    this.pairer.push(op);
  }

  /** A client op of `f` paired by the caller (`done` undefined: it never completed). */
  paired(f: string, done: Exclude<OpType, 'invoke'> | undefined): void {
    const counts = (this.byF[f] ??= zero());
    const type = done ?? 'pending';
    counts[type]++;
    this.byType[type]++;
    if (done !== undefined) this.total++;
  }

  /** The counts, after every op was given (`push`, or `paired` in the caller's pairing). */
  finish(): StatsResult {
    this.pairer.finish();
    const byF = this.byF;
    const neverOk = Object.entries(byF)
      .filter(([, c]) => c.ok === 0)
      .map(([f]) => f)
      .sort();
    const result: StatsResult = {
      valid: neverOk.length === 0,
      total: this.total,
      byType: this.byType,
      byF,
      neverOk,
    };
    if (neverOk.length > 0) result.reason = `no ok completion for: ${neverOk.join(', ')}`;
    return result;
  }
}
