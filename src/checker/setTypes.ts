import type { History, OpType } from '../history/op.js';
import type { FaultInterval } from '../history/faultInterval.js';
import type { CheckResult } from './verdict.js';

/** What one node held at the end of a run (both keys of the set workload). */
export interface SetFinalRead {
  node: string;
  /** Whether this node is the primary everyone agreed on after settling. */
  primary: boolean;
  /** SMEMBERS of the set key; absent when the read failed. */
  set?: string[];
  /** LRANGE 0 -1 of the list key; absent when the read failed. */
  list?: string[];
  /** Why the read failed. */
  error?: string;
  /**
   * Redis Cluster: the node's shard. A cluster has one primary per shard, each holding the
   * keys of its slots: the final state is the union of the shards' primaries, and each node
   * is compared with its own shard's primary.
   */
  shard?: string;
  /** Set by the checker on a cluster: this node is its shard's primary (see `withShardUnion`). */
  shardPrimary?: boolean;
}

export interface SetCheckInput {
  /** The run's history: `add` ops of the workload, and nemesis ops. */
  history: History;
  /** Final reads from every node; exactly one should have `primary: true`. */
  finalReads: readonly SetFinalRead[];
  /** Fault intervals; derived from the history's nemesis ops when absent. */
  faults?: readonly FaultInterval[];
  /** Cap on each listed category (counts are always complete). Default 1000. */
  maxListed?: number;
  /** Redis Cluster: the shard an element's key belongs to, for `lostByShard`. */
  shardOf?: (element: string) => string | undefined;
}

/** One write placed in time: when it was invoked/completed and which faults were active. */
export interface SetWriteDetail {
  element: string;
  process: number | 'nemesis';
  outcome: OpType | 'none';
  /** ns since the run started. */
  invoke: number;
  /** ns; absent when the op never completed. */
  complete?: number;
  /** Faults active during [invoke, complete] (`fault` or `fault target`). */
  faults: string[];
  /** The node the client sent the write to, when the history names it. */
  node?: string;
}

/** How one node's final state differs from the primary's. */
export interface SetNodeDiff {
  node: string;
  role: 'primary' | 'replica';
  setSize?: number;
  listSize?: number;
  /** Elements the primary has (in either key) that this node lacks in both. */
  missing: number;
  /** Elements this node has (in either key) that the primary lacks in both. */
  extra: number;
  /** Elements in one key but not the other on this node. */
  partial: number;
  error?: string;
}

export interface SetCheckResult extends CheckResult {
  attempted: number;
  acknowledged: number;
  failed: number;
  indeterminate: number;
  /** Acknowledged and absent from both keys of the final primary. */
  lost: number;
  /** `lost` as a percent of `acknowledged` (0 when nothing was acknowledged). */
  lostPercent: number;
  /** In exactly one of the two keys of the final primary (any outcome). */
  partial: number;
  /** Present on the final primary although the write failed, or was never attempted. */
  unexpected: number;
  /** Indeterminate (`info` or never completed) and present on the final primary. */
  recovered: number;
  /** Present in the list more than once (a write applied twice). */
  duplicated: number;
  /** Lost writes with their times and the faults active then (first `maxListed`). */
  lostWrites: SetWriteDetail[];
  partialElements: string[];
  unexpectedElements: string[];
  /** Per-node differences from the primary. */
  nodes: SetNodeDiff[];
  /** Lost writes made while at least one fault was active / while none was. */
  lostDuringFaults: number;
  lostOutsideFaults: number;
  /**
   * Lost writes by the node they were sent to: a loss outside the fault windows usually went
   * to an old primary that kept taking writes until Sentinel demoted it.
   */
  lostByNode: Record<string, number>;
  /** Redis Cluster: lost writes by the shard that serves the element's slot at the end. */
  lostByShard?: Record<string, number>;
  /** Set when a category list was cut to `maxListed`. */
  truncated?: string;
}
