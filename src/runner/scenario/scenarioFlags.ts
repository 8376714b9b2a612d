import { MODE_NAMES } from '../../client/mode.js';
import { PERSISTENCE_PRESETS, REDIS_FLAVORS, TOPOLOGIES } from '../../cluster/types.js';
import { FAULT_KINDS } from '../../../nemesis/index.js';
import { WORKLOADS } from '../../../workloads/index.js';
import type { ScenarioInput } from './scenarioInput.js';

/** How a flag's text becomes its scenario field's value. */
export type ScenarioFlagKind = 'string' | 'int' | 'number' | 'boolean' | 'list';

/** One scenario flag: its scenario field, how it is typed, and its help line. */
export interface ScenarioFlag {
  flag: string;
  field: keyof ScenarioInput;
  kind: ScenarioFlagKind;
  help: string;
}

/**
 * Each scenario flag of `redcheck run` (the fault kinds' options come from `FAULT_OPTIONS`):
 * the CLI parses with it and the re-run command prints with it, so the two cannot drift.
 */
export const SCENARIO_FLAGS: readonly ScenarioFlag[] = [
  {
    flag: 'topology',
    field: 'topology',
    kind: 'string',
    help: `${TOPOLOGIES.join('|')} (default sentinel)`,
  },
  {
    flag: 'replicas',
    field: 'replicas',
    kind: 'int',
    help: 'replicas beside the primary (default 2); cluster: per shard (default 1)',
  },
  {
    flag: 'shards',
    field: 'shards',
    kind: 'int',
    help: 'cluster: shards, at least 3 (default 3)',
  },
  {
    flag: 'cluster-node-timeout',
    field: 'clusterNodeTimeout',
    kind: 'string',
    help: 'cluster: cluster-node-timeout (default 2000ms)',
  },
  {
    flag: 'cluster-require-full-coverage',
    field: 'clusterRequireFullCoverage',
    kind: 'string',
    help: 'cluster: cluster-require-full-coverage yes|no (default yes)',
  },
  { flag: 'mode', field: 'mode', kind: 'string', help: `${MODE_NAMES.join('|')} (default async)` },
  {
    flag: 'wait-replicas',
    field: 'waitReplicas',
    kind: 'int',
    help: 'wait mode: WAIT numreplicas (default: all replicas)',
  },
  {
    flag: 'waitaof-local',
    field: 'waitaofLocal',
    kind: 'int',
    help: 'waitaof mode: WAITAOF numlocal, 0 or 1 (default 1: the primary fsyncs its AOF)',
  },
  {
    flag: 'waitaof-replicas',
    field: 'waitaofReplicas',
    kind: 'int',
    help: 'waitaof mode: WAITAOF numreplicas (default 0)',
  },
  {
    flag: 'wait-timeout',
    field: 'waitTimeout',
    kind: 'string',
    help: 'wait mode: WAIT timeout (default 1s)',
  },
  {
    flag: 'workload',
    field: 'workload',
    kind: 'string',
    help: `${WORKLOADS.map((w) => w.name).join('|')} (default ${WORKLOADS[0]?.name ?? 'set'})`,
  },
  {
    flag: 'read-from',
    field: 'readFrom',
    kind: 'string',
    help: 'register workload: reads on the primary|replica (default primary)',
  },
  {
    flag: 'client',
    field: 'client',
    kind: 'string',
    help: "the workers' client: resp (redcheck's own RESP client) or ioredis (default resp)",
  },
  {
    flag: 'check-time-limit',
    field: 'checkTimeLimit',
    kind: 'string',
    help: 'time budget of the linearizability check; past it unknown (default 60s)',
  },
  {
    flag: 'nemesis',
    field: 'nemesis',
    kind: 'string',
    help: `none, or fault[:target],... with faults ${FAULT_KINDS.map((k) => k.name).join(', ')}\n                           (default partition:primary-with-clients; none for standalone)`,
  },
  {
    flag: 'nemesis-interval',
    field: 'nemesisInterval',
    kind: 'string',
    help: 'length of each quiet and each fault period (default 10s)',
  },
  {
    flag: 'time-limit',
    field: 'timeLimit',
    kind: 'string',
    help: 'how long the workload runs (default 30s)',
  },
  { flag: 'concurrency', field: 'concurrency', kind: 'int', help: 'workers (default 10)' },
  {
    flag: 'rate',
    field: 'rate',
    kind: 'number',
    help: 'ops/s limit over all workers (default: none)',
  },
  {
    flag: 'seed',
    field: 'seed',
    kind: 'int',
    help: 'seed of the generator and fault schedule (default: random, recorded)',
  },
  {
    flag: 'redis',
    field: 'redis',
    kind: 'string',
    help: `${REDIS_FLAVORS.join('|')} (default 7.0)`,
  },
  {
    flag: 'image',
    field: 'image',
    kind: 'string',
    help: 'any local image holding redis-server or valkey-server, instead of --redis (a list: a sweep comparing images)',
  },
  {
    flag: 'server-binary',
    field: 'serverBinary',
    kind: 'string',
    help: 'the server binary inside --image: a path, or a name on its PATH (default redis-server, then valkey-server)',
  },
  {
    flag: 'persistence',
    field: 'persistence',
    kind: 'string',
    help: `${PERSISTENCE_PRESETS.join('|')}|keep (default none; keep: the --redis-conf file's own)`,
  },
  {
    flag: 'rdb-save',
    field: 'rdbSave',
    kind: 'string',
    help: 'RDB schedule of the rdb presets, as redis.conf save pairs (default "5 1")',
  },
  {
    flag: 'min-replicas-to-write',
    field: 'minReplicasToWrite',
    kind: 'int',
    help: 'min-replicas-to-write (default 0: off)',
  },
  {
    flag: 'min-replicas-max-lag',
    field: 'minReplicasMaxLag',
    kind: 'int',
    help: 'min-replicas-max-lag in seconds (default 10)',
  },
  {
    flag: 'op-timeout',
    field: 'opTimeout',
    kind: 'string',
    help: 'per-op client timeout (default 1s; wait mode: wait-timeout + 1s)',
  },
  {
    flag: 'settle-timeout',
    field: 'settleTimeout',
    kind: 'string',
    help: 'bound on settling after the heal (default 60s)',
  },
  {
    flag: 'run-timeout',
    field: 'runTimeout',
    kind: 'string',
    help: 'bound on the whole run (default time limit + 5m)',
  },
  { flag: 'store', field: 'store', kind: 'string', help: 'output folder (default store/)' },
  {
    flag: 'keep',
    field: 'keep',
    kind: 'boolean',
    help: 'leave the deployment running (remove it with `redcheck cleanup`)',
  },
  {
    flag: 'redis-conf',
    field: 'redisConf',
    kind: 'string',
    help: "your redis.conf: the base of every node's config (redcheck's own lines and --redis-config win; results.json lists what was overridden). With requirepass, redcheck connects as the default user; with ACL users, as masteruser with masterauth (required then). Passwords are never stored or printed. A list: a sweep comparing the files",
  },
  {
    flag: 'redis-config',
    field: 'redisConfig',
    kind: 'list',
    help: 'extra redis.conf line for every node (repeatable)',
  },
];
