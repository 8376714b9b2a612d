import { isClientOp, type History, type OpType } from '../history/op.js';
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
 * when some function never succeeded (a run that could not write proves nothing).
 */
export function checkStats(history: History): StatsResult {
  const byF: Record<string, OutcomeCounts> = {};
  const byType = zero();
  const open = new Map<number, string>();
  let total = 0;
  for (const op of history) {
    if (!isClientOp(op)) continue;
    const counts = (byF[op.f] ??= zero());
    if (op.type === 'invoke') {
      const prev = open.get(op.process);
      if (prev !== undefined) (byF[prev] ??= zero()).pending++;
      if (prev !== undefined) byType.pending++;
      open.set(op.process, op.f);
      continue;
    }
    open.delete(op.process);
    counts[op.type]++;
    byType[op.type]++;
    total++;
  }
  for (const f of open.values()) {
    (byF[f] ??= zero()).pending++;
    byType.pending++;
  }
  const neverOk = Object.entries(byF)
    .filter(([, c]) => c.ok === 0)
    .map(([f]) => f)
    .sort();
  const result: StatsResult = { valid: neverOk.length === 0, total, byType, byF, neverOk };
  if (neverOk.length > 0) result.reason = `no ok completion for: ${neverOk.join(', ')}`;
  return result;
}
