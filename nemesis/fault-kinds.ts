import type { Topology } from '../src/cluster/types.js';

/** The faults the nemesis can inject. */
export type FaultKind = 'partition' | 'kill' | 'pause' | 'failover';
export const FAULT_KINDS: readonly FaultKind[] = ['partition', 'kill', 'pause', 'failover'];

/**
 * Partition shapes. In every shape each client zone stays on the side of its home node
 * (see `zones.ts`), so `primary-with-clients` is the primary and the zones next to it against
 * everything else.
 */
export type PartitionTarget =
  'primary-with-clients' | 'primary-with-one-replica' | 'majority-minority' | 'random-halves';
export const PARTITION_TARGETS: readonly PartitionTarget[] = [
  'primary-with-clients',
  'primary-with-one-replica',
  'majority-minority',
  'random-halves',
];

/** Which node a process fault hits: the current primary, a random node, or one by name (`n2`). */
export type NodeTarget = 'primary' | 'random' | `n${number}`;
export const NODE_TARGET_WORDS: readonly NodeTarget[] = ['primary', 'random'];

/** What is known about a fault kind before any deployment exists. */
export interface FaultKindInfo {
  readonly kind: FaultKind;
  /** Targets a spec may name; `nodeName` adds node names `n1`, `n2`, ... */
  readonly targets: readonly string[];
  readonly nodeName: boolean;
  /** Target used when the spec names none (`undefined`: the fault takes no target). */
  readonly defaultTarget: string | undefined;
  /** Instantaneous faults (failover) have no stop; the others last for the fault period. */
  readonly instantaneous: boolean;
  /** History `f` of the start and of the stop event. */
  readonly ops: { readonly start: string; readonly stop?: string };
  /** Topologies the fault makes sense on, with the smallest node count. */
  readonly topologies: readonly Topology[];
  readonly minNodes: number;
}

export const FAULT_KIND_INFO: Readonly<Record<FaultKind, FaultKindInfo>> = {
  partition: {
    kind: 'partition',
    targets: PARTITION_TARGETS,
    nodeName: false,
    defaultTarget: 'primary-with-clients',
    instantaneous: false,
    ops: { start: 'start-partition', stop: 'stop-partition' },
    topologies: ['replication', 'sentinel'],
    minNodes: 2,
  },
  kill: {
    kind: 'kill',
    targets: NODE_TARGET_WORDS,
    nodeName: true,
    defaultTarget: 'primary',
    instantaneous: false,
    ops: { start: 'kill', stop: 'start' },
    topologies: ['standalone', 'replication', 'sentinel'],
    minNodes: 1,
  },
  pause: {
    kind: 'pause',
    targets: NODE_TARGET_WORDS,
    nodeName: true,
    defaultTarget: 'primary',
    instantaneous: false,
    ops: { start: 'pause', stop: 'resume' },
    topologies: ['standalone', 'replication', 'sentinel'],
    minNodes: 1,
  },
  failover: {
    kind: 'failover',
    targets: [],
    nodeName: false,
    defaultTarget: undefined,
    instantaneous: true,
    ops: { start: 'failover' },
    topologies: ['sentinel'],
    minNodes: 2,
  },
};
