/**
 * The linearizability result a run stores (`checkers.linearizable` in `results.json`): the
 * verbose result with its evidence capped, so a long history does not make a huge file.
 */
import type { CheckResult, Validity } from '../verdict.js';
import type { LinearizabilityEvidence, LinearizabilityResult, PartitionResult } from './result.js';

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

/** One partition (key) of a stored result, its evidence capped. */
export interface CappedPartition extends Omit<PartitionResult, 'evidence'> {
  readonly evidence?: CappedEvidence;
}

/** The `linearizable` entry of `results.json`. */
export interface LinearizabilityRunResult extends CheckResult {
  model: string;
  opCount: number;
  elapsedMs: number;
  timeLimitMs: number;
  /** Verdict per key. */
  keys: Record<string, Validity>;
  /** Per key, with evidence for keys that are not linearizable (the report draws lanes). */
  partitions: CappedPartition[];
}

/** `e` with only its first longest prefix, cut to its last `PREFIX_CAP` ops. */
export function capEvidence(e: LinearizabilityEvidence): CappedEvidence {
  const first = e.longestPrefixes[0] ?? [];
  return {
    ...e,
    longestPrefixes: [first.slice(-PREFIX_CAP)],
    prefixOmitted: Math.max(0, first.length - PREFIX_CAP),
    prefixesOmitted: Math.max(0, e.longestPrefixes.length - 1),
  };
}

/** The stored form of a verbose check that ran within `timeLimitMs`. */
export function toRunResult(
  r: LinearizabilityResult,
  timeLimitMs: number,
): LinearizabilityRunResult {
  const keys: Record<string, Validity> = {};
  for (const p of r.partitions) keys[p.key] = p.valid;
  const result: LinearizabilityRunResult = {
    valid: r.valid,
    model: r.model,
    opCount: r.opCount,
    elapsedMs: Math.round(r.elapsedMs),
    timeLimitMs,
    keys,
    partitions: r.partitions.map(({ evidence, ...p }) =>
      evidence === undefined ? p : { ...p, evidence: capEvidence(evidence) },
    ),
  };
  if (r.reason !== undefined) result.reason = r.reason;
  if (r.error !== undefined) result.error = r.error;
  return result;
}
