/** Where the register workload's reads go. */
export type ReadFrom = 'primary' | 'replica';
export const READ_FROM: readonly ReadFrom[] = ['primary', 'replica'];

/**
 * A scenario as a user writes it (CLI flags or `--scenario file.json`): every field optional.
 * Durations are `30s`-style strings or milliseconds.
 */
export interface ScenarioInput {
  topology?: string;
  /** Replicas beside the primary (replication, sentinel; default 2), per shard (cluster; default 1). */
  replicas?: number;
  /** `cluster`: shards, at least 3. Default 3. */
  shards?: number;
  /** `cluster`: `cluster-node-timeout`. Default 2000ms. */
  clusterNodeTimeout?: string | number;
  /** `cluster`: `cluster-require-full-coverage` (`yes`/`no` or a boolean). Default yes. */
  clusterRequireFullCoverage?: string | boolean;
  mode?: string;
  /** `wait` mode: WAIT numreplicas. Default: every replica. */
  waitReplicas?: number;
  /** `wait` and `waitaof` modes: WAIT/WAITAOF timeout. Default 1s. */
  waitTimeout?: string | number;
  /** `waitaof` mode: WAITAOF numlocal, 0 or 1. Default 1. */
  waitaofLocal?: number;
  /** `waitaof` mode: WAITAOF numreplicas. Default 0. */
  waitaofReplicas?: number;
  workload?: string;
  /** Where reads go (register workload): `primary` or `replica`. Default primary. */
  readFrom?: string;
  /** The workers' client: `resp` (redcheck's own) or `ioredis`. Default resp. */
  client?: string;
  /** Time budget of the linearizability check; past it the verdict is unknown. Default 60s. */
  checkTimeLimit?: string | number;
  /** `fault[:target]` specs; `[]` or `['none']` for no faults. Default: see `resolveScenario`. */
  nemesis?: string[] | string;
  /** Mean time between fault changes. Default 10s. */
  nemesisInterval?: string | number;
  /**
   * The fault schedule spelled out, instead of drawn from `nemesis`: `[{at, fault, target?,
   * duration?}]`, times from the workload's start (ms, or like "10s"); faults of different
   * kinds may overlap (a kill inside a partition). `duration` defaults to `nemesisInterval`.
   */
  schedule?: { at: string | number; fault: string; target?: string; duration?: string | number }[];
  /** How long the workload runs. Default 30s. */
  timeLimit?: string | number;
  /** Worker count. Default 10. */
  concurrency?: number;
  /** Total ops/s limit across workers. Default: none. */
  rate?: number;
  /** PRNG seed (unsigned 32-bit). Default: random, always recorded. */
  seed?: number;
  redis?: string;
  /**
   * Any local image holding `redis-server` or `valkey-server` (on its PATH, or named by
   * `serverBinary`), instead of redcheck's own image of `redis`. Exclusive with `redis`.
   */
  image?: string;
  /** The server binary inside `image`: a path, or a name on the image's PATH. */
  serverBinary?: string;
  /**
   * The user's redis.conf, the base of every data node's config (`--redis-conf`); a path
   * relative to the scenario file when written in one.
   */
  redisConf?: string;
  persistence?: string;
  /** RDB schedule of the `rdb` and `rdb+aof` presets (`save` pairs). Default `5 1`. */
  rdbSave?: string;
  /** `min-replicas-to-write`. Default 0 (off). */
  minReplicasToWrite?: number;
  /** `min-replicas-max-lag` in seconds. Default 10 (Redis's). */
  minReplicasMaxLag?: number;
  /** Folder for run output. Default `store`. */
  store?: string;
  /** Leave the deployment running after the run. Default false. */
  keep?: boolean;
  /** Per-op client timeout. Default 1s, or WAIT timeout + 1s in `wait` mode. */
  opTimeout?: string | number;
  /** Bound on the wait for the deployment to settle after the heal. Default 60s. */
  settleTimeout?: string | number;
  /** Upper bound for the whole run, setup to teardown. Default time limit + 5 minutes. */
  runTimeout?: string | number;
  /** Extra `redis.conf` lines for every data node (e.g. a bad one, to test setup failure). */
  redisConfig?: string[];
  /**
   * Settings of fault kinds by field (`{"packetLoss": 0.3}`; flags `--packet-loss 0.3`): see
   * `redcheck run --help` for each kind's options and defaults.
   */
  faultOptions?: Record<string, number | string | undefined>;
  /** The claim this scenario tests (`docs/claims.md`): its id and one line. Read by `suite`. */
  claim?: { id: string; text: string };
  /** Predicates over the results that must hold (`set.lost > 0`): see `src/suite/expectation.ts`. */
  expect?: string[];
  /** Not runnable yet: the issue it waits for. `suite` reports it as pending, never passed. */
  pending?: { issue: number; reason: string };
}
