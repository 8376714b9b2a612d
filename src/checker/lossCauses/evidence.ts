/**
 * What the loss-cause pass reads besides the lost writes: the faults with the nodes they hit,
 * the failovers, and what the node observer saw of each node (roles, restarts, resyncs, RDB
 * saves). Every time is in ns since the run started (the history's clock).
 */

/** A node's role as the node observer saw it change. */
export interface RoleChange {
  time: number;
  node: string;
  role: 'primary' | 'replica';
  /** A replica's primary (by node name, when known). */
  primary?: string;
  /** `master_repl_offset` at the change. */
  offset?: number;
}

/** A redis-server seen running under a new `run_id`: it restarted. */
export interface NodeRestart {
  /** The first sample with the new run id. */
  time: number;
  node: string;
  /** Keys in the node's dataset at that sample (null: not read). */
  keys: number | null;
  /** Keys the node held at its last sample before the restart (null: not read). */
  keysBefore: number | null;
}

/** A resync a primary served (its `sync_full` / `sync_partial_ok` counters went up). */
export interface Resync {
  time: number;
  /** The node that served it. */
  primary: string;
  kind: 'full' | 'partial';
  /** The primary's `master_repl_offset` at that sample. */
  offset?: number;
}

/** An RDB save finished (`rdb_last_save_time` moved); `time` is that save time on the run's clock. */
export interface RdbSave {
  time: number;
  node: string;
  /** `rdb_changes_since_last_save` at the sample before the save. */
  changesBefore?: number;
}

/** What the node observer recorded over the run (`results.observers.nodes`). */
export interface NodeEventsObservation {
  /** ms between polls of each node. */
  intervalMs: number;
  samples: number;
  roles: RoleChange[];
  restarts: NodeRestart[];
  resyncs: Resync[];
  saves: RdbSave[];
  /** Per node, its persistence as INFO said: whether the AOF was on, and RDB save points set. */
  persistence: { node: string; aof: boolean; rdb: boolean }[];
}

/** One fault as the pass reads it: its interval, the nodes it hit and what it did to them. */
export interface FaultEvidence {
  /** Position in the run's fault list (`results.faults`). */
  index: number;
  fault: string;
  target?: string;
  description?: string;
  start: number;
  end?: number;
  /** Nodes the fault acted on (killed, cut, paused...). */
  nodes: string[];
  /** A partition: the nodes on sides that hold no majority of the nodes. */
  minority?: string[];
  /** A partition: ms from the first rule of the cut side to its last (the cut took hold in there). */
  cutMs?: number;
  /** A power loss: bytes dropped per node (un-fsynced data cut off). */
  dropped?: Record<string, number>;
  /** A kill or power loss: when each node's redis-server died. */
  killedAt?: Record<string, number>;
}

/** A change of primary (Sentinel, Cluster, a manual failover). */
export interface FailoverEvidence {
  time: number;
  from?: string;
  to: string;
  shard?: string;
}

/** One primary a cut put in the minority. */
export interface MinorityAckNode {
  node: string;
  /** ns: the last probe write sent after the cut that it acknowledged (absent: none). */
  lastAck?: number;
  /** ms from the cut's start to `lastAck` (0 when it acknowledged nothing sent after the cut). */
  ackMs: number;
  /** ns: the first probe write it refused (CLUSTERDOWN, MOVED...) after `lastAck`, if any. */
  refusedAt?: number;
}

/** One partition that cut primaries off from the majority. */
export interface MinorityAckCut {
  /** The fault: its index in `results.faults`. */
  fault: number;
  /** ns: the cut's start and end (absent: never healed). */
  start: number;
  end?: number;
  /**
   * ms the cut took to put in place (its first rule to its last, under load up to a second):
   * `ackMs - cutMs` is the window from the moment the cut was whole.
   */
  cutMs?: number;
  /** Every cut node that was a primary at the cut. */
  nodes: MinorityAckNode[];
  /** The largest `ackMs` of `nodes`. */
  ackMs: number;
}

/** Everything the pass reads besides the lost writes. */
export interface LossEvidence {
  topology: string;
  /** The scenario's persistence preset (`none`, `rdb`, `aof-everysec`, ...). */
  persistence: string;
  clusterNodeTimeoutMs?: number;
  /** Node names of the deployment. */
  nodes: readonly string[];
  faults: readonly FaultEvidence[];
  failovers: readonly FailoverEvidence[];
  observed?: NodeEventsObservation;
  /**
   * The probe's cluster minority windows (`results.probe.cuts`): per partition, how long each
   * cut primary kept acknowledging the probe's writes after the cut.
   */
  minorityAck?: readonly MinorityAckCut[];
  /**
   * The most keys the runner probe writes to one node (one per client zone): a node that
   * restarted holding no more than these came back empty.
   */
  probeKeysPerNode?: number;
  /** ns: the end of the workload (the strip's right edge). */
  endNs?: number;
}
