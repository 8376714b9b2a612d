import { checkLinearizability } from '../../src/checker/linearizability/index.js';
import type {
  LinearizabilityEvidence,
  LinearizabilityResult,
  PartitionResult,
} from '../../src/checker/linearizability/index.js';
import type { CheckResult, Validity } from '../../src/checker/verdict.js';
import type { History } from '../../src/history/op.js';

/** Longest prefix kept in the evidence of one key (its last ops, nearest the violation). */
export const PREFIX_CAP = 2000;

/** Evidence of one key, with the longest prefix capped. */
export interface CappedEvidence extends Omit<LinearizabilityEvidence, 'longestPrefixes'> {
  /** The first longest linearizable prefix only, its last `PREFIX_CAP` ops at most. */
  readonly longestPrefixes: readonly (readonly number[])[];
  /** Ops cut from the front of that prefix, and further prefixes left out. */
  readonly prefixOmitted: number;
  readonly prefixesOmitted: number;
}

export interface RegisterPartition extends Omit<PartitionResult, 'evidence'> {
  readonly evidence?: CappedEvidence;
}

/** The `linearizable` entry of `results.json` for the register workload. */
export interface RegisterCheckResult extends CheckResult {
  model: string;
  opCount: number;
  elapsedMs: number;
  timeLimitMs: number;
  /** Verdict per key. */
  keys: Record<string, Validity>;
  /** Per key, with evidence for keys that are not linearizable (the report draws lanes). */
  partitions: RegisterPartition[];
}

function cap(e: LinearizabilityEvidence): CappedEvidence {
  const first = e.longestPrefixes[0] ?? [];
  return {
    ...e,
    longestPrefixes: [first.slice(-PREFIX_CAP)],
    prefixOmitted: Math.max(0, first.length - PREFIX_CAP),
    prefixesOmitted: Math.max(0, e.longestPrefixes.length - 1),
  };
}

/**
 * Linearizability of a register history per key, with Knossos's `cas-register` model, within
 * `timeLimitMs` (past it: `unknown`). Evidence for non-linearizable keys, capped.
 */
export async function checkRegister(
  history: History,
  timeLimitMs: number,
): Promise<RegisterCheckResult> {
  const r: LinearizabilityResult = await checkLinearizability(history, {
    model: 'cas-register',
    timeLimitMs,
    verbose: true,
  });
  const keys: Record<string, Validity> = {};
  for (const p of r.partitions) keys[p.key] = p.valid;
  const result: RegisterCheckResult = {
    valid: r.valid,
    model: r.model,
    opCount: r.opCount,
    elapsedMs: Math.round(r.elapsedMs),
    timeLimitMs,
    keys,
    partitions: r.partitions.map(({ evidence, ...p }) =>
      evidence === undefined ? p : { ...p, evidence: cap(evidence) },
    ),
  };
  if (r.reason !== undefined) result.reason = r.reason;
  if (r.error !== undefined) result.error = r.error;
  return result;
}
