/** What the linearizability checker returns. */
import type { CheckResult, Validity } from '../verdict.js';
import type { RegisterValue } from './models/register.js';

/** An op named in evidence: its history index and a short description. */
export interface EvidenceOp {
  /** `index` of the op's invoke in the history. */
  readonly index: number;
  /** e.g. `write 3`, `cas [1,2]`, `[k1] get -> "x"`. */
  readonly op: string;
}

/** An op that could not be placed right after the longest prefix, and why. */
export interface StuckOp extends EvidenceOp {
  /** `illegal`: the model forbids it in that state; `dead-end`: legal, but nothing continues from it. */
  readonly why: 'illegal' | 'dead-end';
}

/** Why a partition is not linearizable, for a person and for the report. */
export interface LinearizabilityEvidence {
  /**
   * The longest linearizable prefixes found (up to 3), each the history indices of its ops in
   * linearization order. The first one is the one described by `state`, `tail` and `stuck`.
   */
  readonly longestPrefixes: readonly (readonly number[])[];
  /** The last ops of the first longest prefix (up to 8), described. */
  readonly tail: readonly EvidenceOp[];
  /** The model state after the first longest prefix. */
  readonly state: string;
  /** The ops that could have come next but could not be placed (up to 10). */
  readonly stuck: readonly StuckOp[];
  /** How many more such ops were left out of `stuck`. */
  readonly stuckOmitted: number;
}

/** The verdict for one partition (one key, or the whole history). */
export interface PartitionResult {
  /** Partition key; `""` when the model does not partition. */
  readonly key: string;
  readonly valid: Validity;
  /** Ops checked in this partition (after dropping `fail` ops and unconstraining reads). */
  readonly opCount: number;
  /** Search iterations spent. */
  readonly iterations: number;
  /** Why it is `unknown` (budget, or the check stopped at another partition's violation). */
  readonly reason?: string;
  /** When `valid` is false and the check was verbose. */
  readonly evidence?: LinearizabilityEvidence;
}

export interface LinearizabilityResult extends CheckResult {
  /** The model's name. */
  readonly model: string;
  /** Operations in the history (invokes, nemesis excluded). */
  readonly opCount: number;
  /** Per partition, sorted by key. */
  readonly partitions: readonly PartitionResult[];
  /** Wall time of the check. */
  readonly elapsedMs: number;
  /** Peak approximate bytes of the search caches. */
  readonly peakCacheBytes: number;
  /**
   * Partitions decided by the unique-values fast path (register histories whose written values
   * are unique, see `uniqueValues.ts`); the others were searched.
   */
  readonly uniqueValuePartitions?: number;
  /** The register's initial value, when one was given (`--init`). */
  readonly init?: RegisterValue;
  /** Initial values per key, when given. */
  readonly initByKey?: Readonly<Record<string, RegisterValue>>;
}
