/** Caps the per-partition list of a result for output, saying how many were left out. */
import type { LinearizabilityResult, PartitionResult } from './result.js';

/** Partitions shown by default in machine output (`check --json`). */
export const PARTITIONS_SHOWN = 100;

/** A result whose `partitions` list may be cut; `partitionsOmitted` counts what was cut. */
export interface CappedLinearizabilityResult extends LinearizabilityResult {
  readonly partitionsOmitted: number;
}

const rank = (p: PartitionResult): number =>
  p.valid === false ? 0 : p.valid === 'unknown' ? 1 : 2;

/**
 * `r` with at most `max` partitions: the illegal ones first, then the unknown, then the
 * linearizable (each group in key order), and `partitionsOmitted` the number left out.
 */
export function capPartitions(
  r: LinearizabilityResult,
  max: number = PARTITIONS_SHOWN,
): CappedLinearizabilityResult {
  if (r.partitions.length <= max) return { ...r, partitionsOmitted: 0 };
  const kept = r.partitions
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i)
    .slice(0, max)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.p);
  return { ...r, partitions: kept, partitionsOmitted: r.partitions.length - max };
}
