import type { History, Op } from '../history/op.js';
import { isClientOp } from '../history/op.js';
import type { CheckResult } from './verdict.js';

/** One node's final counter values by key (keys it does not hold are absent). */
export interface CounterFinalRead {
  node: string;
  /** Whether this node is the agreed primary (in a cluster: of its shard). */
  primary: boolean;
  values?: Record<string, number>;
  error?: string;
}

export interface CounterCheckInput {
  /** `add` ops (value: the increment, key: the counter) and `read` ops (value: what was read). */
  history: History;
  finalReads: readonly CounterFinalRead[];
  /** Cap on listed bad reads. Default 100. */
  maxListed?: number;
}

/** A read (or the final value) held against its bounds. */
export interface CounterBoundCheck {
  key: string;
  value: number;
  /** Sum of increments acknowledged before the read was invoked. */
  lower: number;
  /** Sum of increments invoked before the read completed, less those that failed. */
  upper: number;
  /** History index of the read's completion (absent for the final value). */
  index?: number;
}

export interface CounterFinal extends CounterBoundCheck {
  /** Acknowledged increments missing from the final value: `lower - value` when positive. */
  lost: number;
  /** Value beyond every increment that may have happened: `value - upper` when positive. */
  duplicated: number;
}

export interface CounterCheckResult extends CheckResult {
  acknowledged: number;
  failed: number;
  indeterminate: number;
  reads: number;
  /** Reads outside their bounds (all counted, the first `maxListed` listed). */
  badReads: number;
  badReadList: CounterBoundCheck[];
  /** Per key: the final value and its bounds. */
  finals: CounterFinal[];
  /** Sums over the keys of `lost` and `duplicated`. */
  lostIncrements: number;
  duplicatedIncrements: number;
  truncated?: string;
}

interface KeyState {
  ok: number;
  /** Invoked minus failed. */
  possible: number;
}

/**
 * Jepsen's counter checker, per key: every read must lie between the sum of increments
 * acknowledged before it was invoked and the sum of those invoked before it completed (less
 * the failed ones); so must the final value, read from the primary holding the key. Below
 * the lower bound are lost increments; above the upper bound, increments applied twice.
 * `unknown` when no primary's final read is there to check against.
 */
export function checkCounter(input: CounterCheckInput): CounterCheckResult {
  const maxListed = input.maxListed ?? 100;
  const keys = new Map<string, KeyState>();
  const stateOf = (key: string): KeyState => {
    let s = keys.get(key);
    if (s === undefined) keys.set(key, (s = { ok: 0, possible: 0 }));
    return s;
  };
  const r: CounterCheckResult = {
    valid: true,
    acknowledged: 0,
    failed: 0,
    indeterminate: 0,
    reads: 0,
    badReads: 0,
    badReadList: [],
    finals: [],
    lostIncrements: 0,
    duplicatedIncrements: 0,
  };
  // Lower bound of each open read, by process, taken at its invoke.
  const readLower = new Map<number, number>();
  const pendingAdds = new Map<number, Op>();
  for (const op of input.history) {
    if (!isClientOp(op) || op.key === undefined) continue;
    const s = stateOf(op.key);
    if (op.f === 'add') {
      const amount = Number(op.value);
      if (op.type === 'invoke') {
        s.possible += amount;
        pendingAdds.set(op.process, op);
      } else {
        pendingAdds.delete(op.process);
        if (op.type === 'ok') {
          s.ok += amount;
          r.acknowledged++;
        } else if (op.type === 'fail') {
          s.possible -= amount;
          r.failed++;
        } else r.indeterminate++;
      }
    } else if (op.f === 'read') {
      if (op.type === 'invoke') readLower.set(op.process, s.ok);
      else {
        const lower = readLower.get(op.process) ?? 0;
        readLower.delete(op.process);
        if (op.type !== 'ok' || typeof op.value !== 'number') continue;
        r.reads++;
        if (op.value < lower || op.value > s.possible) {
          r.badReads++;
          if (r.badReadList.length < maxListed) {
            r.badReadList.push({
              key: op.key,
              value: op.value,
              lower,
              upper: s.possible,
              index: op.index,
            });
          } else r.truncated = `showing ${maxListed} of ${r.badReads} bad reads`;
        }
      }
    }
  }
  r.indeterminate += pendingAdds.size;

  const primaries = input.finalReads.filter((f) => f.primary);
  const finalValues = new Map<string, number>();
  for (const p of primaries) {
    for (const [k, v] of Object.entries(p.values ?? {})) finalValues.set(k, v);
  }
  const failed = primaries.find((p) => p.values === undefined);
  if (primaries.length === 0 || failed !== undefined) {
    r.valid = 'unknown';
    r.reason =
      primaries.length === 0
        ? 'no primary final read to check the counters against'
        : `final read of ${failed?.node} failed: ${failed?.error ?? 'no data'}`;
    return r;
  }
  for (const [key, s] of [...keys].sort(([a], [b]) => a.localeCompare(b))) {
    const value = finalValues.get(key) ?? 0;
    const lost = Math.max(0, s.ok - value);
    const duplicated = Math.max(0, value - s.possible);
    r.finals.push({ key, value, lower: s.ok, upper: s.possible, lost, duplicated });
    r.lostIncrements += lost;
    r.duplicatedIncrements += duplicated;
  }
  r.valid = r.badReads === 0 && r.lostIncrements === 0 && r.duplicatedIncrements === 0;
  return r;
}
