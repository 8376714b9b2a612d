import type { Credentials } from '../client/credentials.js';

/**
 * The contracts between the cluster (containers + Redis processes), the nemesis, the clients
 * and the runner. Implementations live beside this file (`src/cluster/`).
 */

export type Topology = 'standalone' | 'replication' | 'sentinel' | 'cluster';
export const TOPOLOGIES: readonly Topology[] = ['standalone', 'replication', 'sentinel', 'cluster'];

/** The persistence presets: the redis.conf lines each stands for are `persistenceConfig`'s. */
export const PERSISTENCE_PRESETS = [
  'none',
  'rdb',
  'aof-no',
  'aof-everysec',
  'aof-always',
  'rdb+aof',
] as const;
export type PersistencePreset = (typeof PERSISTENCE_PRESETS)[number];
/**
 * A persistence preset, or `keep`: the user's redis.conf (`--redis-conf`) keeps its own
 * persistence lines (only with a file; not one of the presets an explorer draws from).
 */
export type Persistence = PersistencePreset | 'keep';
/** The persistence values a run may name: the presets, then `keep` (with `--redis-conf`). */
export const PERSISTENCE_VALUES: readonly Persistence[] = [...PERSISTENCE_PRESETS, 'keep'];

/** Redis flavours with an image: `7.0` (Debian 12), `8.0` and `valkey-8.1` (Debian 13). */
export type RedisFlavor = '7.0' | '8.0' | 'valkey-8.1';
export const REDIS_FLAVORS: readonly RedisFlavor[] = ['7.0', '8.0', 'valkey-8.1'];

/** A Redis process inside a node: the data server or the sentinel beside it. */
export type ProcessRole = 'redis' | 'sentinel';

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** A long-lived container on the run's internal network. */
export interface Node {
  /** `n1`, `n2`, ... */
  readonly name: string;
  /** Address on the run's network. */
  readonly ip: string;
  readonly containerId: string;
  /** Run a command inside the container (as root); never throws on a non-zero exit. */
  exec(cmd: string[]): Promise<ExecResult>;
  /** Start a Redis process (data server or sentinel) that is not running. Idempotent. */
  start(role: ProcessRole): Promise<void>;
  /** Send a signal to a Redis process: KILL (crash), STOP (pause), CONT (resume). */
  signal(role: ProcessRole, signal: 'KILL' | 'STOP' | 'CONT' | 'TERM'): Promise<void>;
  /** `running`, `stopped` (SIGSTOPped) or `down` (no process). */
  status(role: ProcessRole): Promise<'running' | 'stopped' | 'down'>;
}

/** A client zone: a source address of its own on the run's bridge, on the host side. */
export interface ClientZone {
  /** `c1`, `c2`, ... */
  readonly name: string;
  readonly ip: string;
}

/** A started deployment. `dispose()` removes every container, network and host address. */
export interface Deployment extends AsyncDisposable {
  readonly runId: string;
  readonly topology: Topology;
  /** Redis data nodes, `n1` first (the initial primary). */
  readonly nodes: readonly Node[];
  /** Redis port inside every node (6379) and sentinel port (26379). */
  readonly redisPort: number;
  readonly sentinelPort: number;
  /** Sentinel master name (`mymaster`) when the topology has sentinels. */
  readonly masterName?: string;
  /**
   * How every connection to a data node authenticates (the user's redis.conf sets a
   * password); undefined when the nodes take none. Sentinels never take it.
   */
  readonly auth?: Credentials;
  /** Host-side source addresses for clients, one per zone. */
  readonly zones: readonly ClientZone[];
  /**
   * The node that is primary now, by asking the sentinels (or ROLE on each node). In a Redis
   * Cluster there is one primary per shard: this is undefined there; see `clusterView`.
   */
  currentPrimary(): Promise<Node | undefined>;
  /**
   * Redis Cluster only: the shards as the nodes see them now (see `ClusterView`); undefined
   * on other topologies.
   */
  clusterView?(): Promise<ClusterView>;
  /** Remove everything the run created. Idempotent; never throws. */
  dispose(): Promise<void>;
}

/** One shard of a Redis Cluster: the nodes formed into it, and who serves its slots now. */
export interface ShardView {
  /** `s1`, `s2`, ...: named at formation after its first primary (`s1` = n1 and its replicas). */
  readonly shard: string;
  /** Every node of the shard, formation order (the first was its initial primary). */
  readonly nodes: readonly string[];
  /** The node the majority of reachable nodes names as this shard's primary, if any. */
  readonly primary: string | undefined;
  /** Slot ranges `[from, to]` (inclusive) the primary serves, as that primary's peers see it. */
  readonly slots: readonly (readonly [number, number])[];
}

/** A Redis Cluster as its nodes see it at one moment. */
export interface ClusterView {
  readonly shards: readonly ShardView[];
  /** `cluster_state` of each node (`ok`, `fail`), or `down` when the node did not answer. */
  readonly states: Readonly<Record<string, string>>;
}
