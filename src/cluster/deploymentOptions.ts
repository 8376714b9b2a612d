import { RedcheckError } from '../errors.js';
import { flavorSpec } from './flavor.js';
import {
  PERSISTENCE_PRESETS,
  TOPOLOGIES,
  type Persistence,
  type RedisFlavor,
  type Topology,
} from './types.js';

/** What the user may set for a deployment. Every field is optional; defaults in the comments. */
export interface DeploymentOptions {
  /** `standalone` (default), `replication` or `sentinel`. */
  topology?: Topology;
  /** Redis flavour; default `7.0`. */
  redis?: RedisFlavor;
  /** Image to run; default the flavour's `redcheck/...` image. Any image holding the server. */
  image?: string;
  /**
   * The server binary inside the image: a path, or a name looked up on the image's PATH;
   * default `redis-server`, else `valkey-server`. The sentinel is the same binary in
   * sentinel mode.
   */
  serverBinary?: string;
  /**
   * Replicas beside the primary; default 2 (`replication`, `sentinel`), always 0 for
   * `standalone`. For `cluster`: replicas per shard, default 1.
   */
  replicas?: number;
  /** `cluster`: shards (primaries), at least 3 so that a majority exists; default 3. */
  shards?: number;
  /** `cluster`: `cluster-node-timeout` in ms; default 2000 (as Jepsen's Redis tests use). */
  clusterNodeTimeoutMs?: number;
  /** `cluster`: `cluster-require-full-coverage`; default true (Redis's default). */
  clusterRequireFullCoverage?: boolean;
  /** Persistence preset; default `none`. */
  persistence?: Persistence;
  /** RDB schedule of the `rdb` and `rdb+aof` presets (`save` pairs, e.g. `5 1`); default `5 1`. */
  rdbSave?: string;
  /** `min-replicas-to-write`; default 0 (off). */
  minReplicasToWrite?: number;
  /** `min-replicas-max-lag` in seconds; default 10. */
  minReplicasMaxLag?: number;
  /** `repl-backlog-size`, e.g. `1mb` (default) or a byte count. */
  replBacklogSize?: string;
  /** Sentinel `down-after-milliseconds`; default 2500. */
  downAfterMs?: number;
  /** Sentinel `failover-timeout` in ms; default 10000. */
  failoverTimeoutMs?: number;
  /** Sentinel quorum; default a majority of the sentinels (2 of 3). */
  quorum?: number;
  /** Client zones (host-side source addresses); default one per Redis node. */
  zones?: number;
  /** Run id that labels every Docker object; default a fresh `YYYYMMDDTHHMMSS-xxxx`. */
  runId?: string;
  /** Extra raw `redis.conf` lines, appended after the presets. */
  extraRedisConfig?: string[];
  /**
   * The user's redis.conf lines (includes inlined, checked by `loadRedisConf`): the base of
   * every data node's config, under `extraRedisConfig` and the lines redcheck owns.
   */
  redisConf?: string[];
  /**
   * Give each node's data directory a tmpfs of this size (`256m`; a number with `k`, `m` or
   * `g`), so a fault can fill it (`disk-full`); default none: the container's own file system.
   */
  dataDirSize?: string;
  /** Bound on the wait until healthy, in ms; default 30000. */
  healthTimeoutMs?: number;
  /** Build the image when it is missing (default true); false makes a missing image an error. */
  buildImage?: boolean;
  /** Dispose the deployment on SIGINT/SIGTERM (default true). */
  cleanupOnSignal?: boolean;
}

/** DeploymentOptions with every default filled in. */
export interface ResolvedDeploymentOptions {
  topology: Topology;
  redis: RedisFlavor;
  image: string;
  /** The server binary inside the image, or null to find redis-server or valkey-server. */
  serverBinary: string | null;
  replicas: number;
  /** Shards of a `cluster` (0 for the other topologies). */
  shards: number;
  clusterNodeTimeoutMs: number;
  clusterRequireFullCoverage: boolean;
  persistence: Persistence;
  rdbSave: string;
  minReplicasToWrite: number;
  minReplicasMaxLag: number;
  replBacklogSize: string;
  downAfterMs: number;
  failoverTimeoutMs: number;
  quorum: number;
  zones: number;
  runId: string;
  extraRedisConfig: string[];
  /** The user's redis.conf lines, or null: redcheck's config alone. */
  redisConf: string[] | null;
  /** Size of each node's tmpfs data directory, or null when it is the container's file system. */
  dataDirSize: string | null;
  healthTimeoutMs: number;
  buildImage: boolean;
  cleanupOnSignal: boolean;
}

/** The RDB schedule of the `rdb` presets by default: a snapshot every 5 s when anything changed. */
export const DEFAULT_RDB_SAVE = '5 1';

/**
 * An RDB schedule (`save` pairs of seconds and changes, e.g. `5 1` or `60 1000 5 1`),
 * normalised; undefined gives the default. Throws E_BAD_DEPLOYMENT naming the value.
 */
export function rdbSaveSchedule(value: string | undefined): string {
  const save = (value ?? DEFAULT_RDB_SAVE).trim().replace(/\s+/g, ' ');
  if (!/^[1-9]\d* \d+( [1-9]\d* \d+)*$/.test(save)) {
    throw new RedcheckError(
      'E_BAD_DEPLOYMENT',
      `bad rdb-save: ${JSON.stringify(value)}`,
      'use pairs of seconds and changes, e.g. --rdb-save "5 1" or "60 1000 5 1"',
    );
  }
  return save;
}

function newRunId(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
  return `${stamp}-${Math.random().toString(16).slice(2, 6)}`;
}

function bad(field: string, value: unknown, fix: string): RedcheckError {
  return new RedcheckError('E_BAD_DEPLOYMENT', `bad ${field}: ${JSON.stringify(value)}`, fix);
}

function int(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw bad(field, value, `use an integer from ${min} to ${max}`);
  }
  return value;
}

/** The shard count of a cluster: at least 3 (a majority of primaries must exist), at most 16. */
export function clusterShards(shards: number): number {
  if (!Number.isInteger(shards) || shards < 3 || shards > 16) {
    throw new RedcheckError(
      'E_BAD_DEPLOYMENT',
      `bad shards: ${JSON.stringify(shards)} (Redis Cluster needs at least 3 shards)`,
      'use --shards 3 to 16: a failover needs a majority of the primaries, which 1 or 2 shards cannot lose a node and keep',
    );
  }
  return shards;
}

function serverBinary(value: string | undefined): string | null {
  if (value === undefined) return null;
  if (!/^[A-Za-z0-9_./+-]+$/.test(value) || value.length > 1000) {
    throw bad(
      'serverBinary',
      value,
      'give a path such as /usr/local/bin/redis-server, or a name on PATH',
    );
  }
  return value;
}

/** Fill in the defaults and validate; throws RedcheckError `E_BAD_DEPLOYMENT` naming the value. */
export function resolveDeploymentOptions(o: DeploymentOptions = {}): ResolvedDeploymentOptions {
  const topology = o.topology ?? 'standalone';
  if (!TOPOLOGIES.includes(topology)) {
    throw bad('topology', topology, `use one of: ${TOPOLOGIES.join(', ')}`);
  }
  const persistence = o.persistence ?? 'none';
  if (!(PERSISTENCE_PRESETS as readonly string[]).includes(persistence) && persistence !== 'keep') {
    throw bad('persistence', persistence, `use one of: ${PERSISTENCE_PRESETS.join(', ')}`);
  }
  if (persistence === 'keep' && o.redisConf === undefined) {
    throw bad('persistence', persistence, "keep takes a redis.conf's own lines: give redisConf");
  }
  const spec = flavorSpec(o.redis ?? '7.0');
  const cluster = topology === 'cluster';
  const replicas =
    topology === 'standalone'
      ? 0
      : cluster
        ? int('replicas', o.replicas ?? 1, 0, 4)
        : int('replicas', o.replicas ?? 2, 1, 8);
  if (!cluster && o.shards !== undefined) {
    throw bad('shards', o.shards, 'shards need `topology: cluster`');
  }
  const shards = cluster ? clusterShards(o.shards ?? 3) : 0;
  const nodes = cluster ? shards * (replicas + 1) : replicas + 1;
  const quorum =
    topology === 'sentinel' ? int('quorum', o.quorum ?? Math.floor(nodes / 2) + 1, 1, nodes) : 0;
  const runId = o.runId ?? newRunId();
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(runId)) {
    throw bad('runId', runId, 'use letters, digits, `_`, `.` and `-` (at most 128)');
  }
  const rdbSave = rdbSaveSchedule(o.rdbSave);
  const backlog = o.replBacklogSize ?? '1mb';
  if (!/^\d+(b|kb|mb|gb)?$/i.test(backlog)) {
    throw bad('replBacklogSize', backlog, 'use a size such as `1mb`, `256kb` or a byte count');
  }
  const dataDirSize = o.dataDirSize ?? null;
  if (dataDirSize !== null && !/^[1-9]\d*[kmg]$/.test(dataDirSize)) {
    throw bad('dataDirSize', dataDirSize, 'use a size with k, m or g, such as `256m`');
  }
  for (const line of o.extraRedisConfig ?? []) {
    if (line.includes('\n')) throw bad('extraRedisConfig', line, 'give one directive per entry');
  }
  return {
    topology,
    redis: spec.flavor,
    image: o.image ?? spec.image,
    serverBinary: serverBinary(o.serverBinary),
    replicas,
    shards,
    clusterNodeTimeoutMs: int('clusterNodeTimeoutMs', o.clusterNodeTimeoutMs ?? 2000, 100, 600_000),
    clusterRequireFullCoverage: o.clusterRequireFullCoverage ?? true,
    persistence,
    rdbSave,
    minReplicasToWrite: int('minReplicasToWrite', o.minReplicasToWrite ?? 0, 0, 8),
    minReplicasMaxLag: int('minReplicasMaxLag', o.minReplicasMaxLag ?? 10, 1, 3600),
    replBacklogSize: backlog,
    downAfterMs: int('downAfterMs', o.downAfterMs ?? 2500, 100, 600_000),
    failoverTimeoutMs: int('failoverTimeoutMs', o.failoverTimeoutMs ?? 10_000, 1000, 3_600_000),
    quorum,
    zones: int('zones', o.zones ?? Math.min(nodes, 32), 0, 32),
    runId,
    extraRedisConfig: [...(o.extraRedisConfig ?? [])],
    redisConf: o.redisConf === undefined ? null : [...o.redisConf],
    dataDirSize,
    healthTimeoutMs: int('healthTimeoutMs', o.healthTimeoutMs ?? 30_000, 1000, 600_000),
    buildImage: o.buildImage ?? true,
    cleanupOnSignal: o.cleanupOnSignal ?? true,
  };
}
