import { z } from 'zod';
import { RedcheckError, errorMessage, type ErrorCode } from '../errors.js';
import {
  PERSISTENCE_PRESETS,
  REDIS_FLAVORS,
  TOPOLOGIES,
  type Persistence,
  type RedisFlavor,
  type Topology,
} from '../cluster/types.js';
import { MAX_SEED, randomSeed } from '../common/random.js';
import {
  checkSpecsFor,
  explicitSchedule,
  FAULT_OPTIONS,
  formatFaultChoice,
  formatFaultSpec,
  optionField,
  parseNemesisChoices,
  scheduleToJson,
  type FaultSpec,
} from '../../nemesis/index.js';
import { WORKLOAD_NAMES } from '../../workloads/index.js';
import { durationMs } from '../common/durationMs.js';
import { DEFAULT_RDB_SAVE, rdbSaveSchedule } from '../cluster/deploymentOptions.js';
import { MODE_NAMES, WAITAOF_FLAVORS, type ModeName } from '../client/mode.js';
import { flavorSpec } from '../cluster/flavor.js';
import { CLIENT_NAMES, type ClientName } from '../client/channel.js';
import { DEFAULT_CLIENT } from '../client/clientOptions.js';
import { clusterShards } from '../cluster/deploymentOptions.js';

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

/** The scenario with every default resolved; written verbatim to `scenario.json`. */
export interface ResolvedScenario {
  topology: Topology;
  replicas: number;
  /** `cluster` only: shards. */
  shards?: number;
  /** `cluster` only: `cluster-node-timeout` in ms. */
  clusterNodeTimeoutMs?: number;
  /** `cluster` only: `cluster-require-full-coverage`. */
  clusterRequireFullCoverage?: boolean;
  mode: ModeName;
  waitReplicas: number;
  waitTimeoutMs: number;
  waitaofLocal: number;
  waitaofReplicas: number;
  /** A workload's name (see `workloads/registry.ts`). */
  workload: string;
  readFrom: ReadFrom;
  client: ClientName;
  checkTimeLimitMs: number;
  /** Fault specs in their canonical text (`partition:primary-with-clients`), `[]` for none. */
  nemesis: string[];
  /** The same specs parsed and checked against the topology: what the run injects. */
  faults: FaultSpec[];
  /** Every fault option by scenario field (`packetLoss`), defaults filled in. */
  faultOptions: Record<string, number | string>;
  nemesisIntervalMs: number;
  timeLimitMs: number;
  concurrency: number;
  /** ops/s limit across all workers; `null` for unlimited. */
  rate: number | null;
  seed: number;
  redis: RedisFlavor;
  persistence: Persistence;
  rdbSave: string;
  minReplicasToWrite: number;
  minReplicasMaxLag: number;
  store: string;
  keep: boolean;
  opTimeoutMs: number;
  settleTimeoutMs: number;
  runTimeoutMs: number;
  redisConfig: string[];
  /** The explicit schedule, in ms, when the scenario spelled one out (`nemesis` lists its faults). */
  schedule?: ScheduleJson[];
  /** The input's claim and expectations, kept so the stored run can be judged (`compare`). */
  claim?: { id: string; text: string };
  expect?: string[];
}

/** One entry of a resolved explicit schedule, times in ms. */
export interface ScheduleJson {
  at: number;
  fault: string;
  target?: string;
  duration: number;
}

const duration = z.union([z.string(), z.number().nonnegative()]);
const count = z.number().int().nonnegative();

/** The edge schema: shapes only; allowed values are checked in `resolveScenario` with the lists. */
export const scenarioInputSchema = z.strictObject({
  topology: z.string().optional(),
  replicas: count.optional(),
  shards: z.number().int().optional(),
  clusterNodeTimeout: duration.optional(),
  clusterRequireFullCoverage: z.union([z.string(), z.boolean()]).optional(),
  mode: z.string().optional(),
  waitReplicas: count.optional(),
  waitTimeout: duration.optional(),
  waitaofLocal: count.optional(),
  waitaofReplicas: count.optional(),
  workload: z.string().optional(),
  readFrom: z.string().optional(),
  client: z.string().optional(),
  checkTimeLimit: duration.optional(),
  nemesis: z.union([z.array(z.string()), z.string()]).optional(),
  nemesisInterval: duration.optional(),
  // Checked entry by entry (with the entry's index) by `explicitSchedule`.
  schedule: z
    .array(
      z.strictObject({
        at: duration,
        fault: z.string(),
        target: z.string().optional(),
        duration: duration.optional(),
      }),
    )
    .optional(),
  timeLimit: duration.optional(),
  concurrency: z.number().int().positive().optional(),
  rate: z.number().positive().optional(),
  seed: z.number().int().min(0).max(MAX_SEED).optional(),
  redis: z.string().optional(),
  persistence: z.string().optional(),
  rdbSave: z.string().optional(),
  minReplicasToWrite: count.optional(),
  minReplicasMaxLag: count.optional(),
  store: z.string().min(1).optional(),
  keep: z.boolean().optional(),
  opTimeout: duration.optional(),
  settleTimeout: duration.optional(),
  runTimeout: duration.optional(),
  redisConfig: z.array(z.string()).optional(),
  faultOptions: z
    .strictObject(
      Object.fromEntries(
        FAULT_OPTIONS.map((o) => [
          optionField(o.flag),
          z.union([z.number(), z.string()]).optional(),
        ]),
      ),
    )
    .optional(),
  claim: z.strictObject({ id: z.string().min(1), text: z.string().min(1) }).optional(),
  expect: z.array(z.string()).optional(),
  pending: z.strictObject({ issue: z.number().int().positive(), reason: z.string() }).optional(),
});

/** Resolved `scenario.json` names -> input names, so an earlier run's file loads as is. */
const RESOLVED_NAMES: Record<string, keyof ScenarioInput> = {
  waitTimeoutMs: 'waitTimeout',
  nemesisIntervalMs: 'nemesisInterval',
  timeLimitMs: 'timeLimit',
  opTimeoutMs: 'opTimeout',
  settleTimeoutMs: 'settleTimeout',
  runTimeoutMs: 'runTimeout',
  checkTimeLimitMs: 'checkTimeLimit',
  clusterNodeTimeoutMs: 'clusterNodeTimeout',
};

function fromResolvedNames(raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const out: [string, unknown][] = [];
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'rate' && v === null) continue;
    // Derived from `nemesis` when the scenario is resolved again.
    if (k === 'faults') continue;
    // Own names only, and own properties out (fromEntries): a `__proto__` key is just unknown.
    out.push([Object.hasOwn(RESOLVED_NAMES, k) ? (RESOLVED_NAMES[k] ?? k) : k, v]);
  }
  return Object.fromEntries(out);
}

/**
 * Validate an untrusted object (a scenario file) against the edge schema. Accepts the
 * resolved form too (`scenario.json` of an earlier run: `timeLimitMs`, `rate: null`, ...).
 */
export function parseScenarioInput(raw: unknown, source: string): ScenarioInput {
  const parsed = scenarioInputSchema.safeParse(fromResolvedNames(raw));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    throw new RedcheckError(
      'E_SCENARIO',
      `invalid scenario in ${source}: ${where}: ${issue?.message ?? 'invalid'}`,
      `fields: ${Object.keys(scenarioInputSchema.shape).join(', ')}`,
    );
  }
  return parsed.data;
}

/** The error code of an unknown value of each enumerated scenario field. */
const UNKNOWN_CODE = {
  topology: 'E_UNKNOWN_TOPOLOGY',
  mode: 'E_UNKNOWN_MODE',
  workload: 'E_UNKNOWN_WORKLOAD',
  redis: 'E_UNKNOWN_REDIS',
  persistence: 'E_UNKNOWN_PERSISTENCE',
  'read-from': 'E_UNKNOWN_READ_FROM',
  client: 'E_UNKNOWN_CLIENT',
} as const satisfies Record<string, ErrorCode>;

function oneOf<T extends string>(
  what: keyof typeof UNKNOWN_CODE,
  value: string | undefined,
  valid: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  // A list lookup, never a property lookup: `__proto__` is just an unknown value.
  if ((valid as readonly string[]).includes(value)) return value as T;
  throw new RedcheckError(
    UNKNOWN_CODE[what],
    `unknown ${what} "${value}"`,
    `use one of: ${valid.join(', ')}`,
  );
}

/** Every fault option, resolved from the input or its default; throws E_SCENARIO naming it. */
function resolveFaultOptions(input: ScenarioInput): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  const options = input.faultOptions ?? {};
  for (const o of FAULT_OPTIONS) {
    const field = optionField(o.flag);
    const given = Object.hasOwn(options, field) ? options[field] : undefined;
    try {
      out[field] = o.parse(given ?? o.default);
    } catch (e) {
      throw new RedcheckError(
        'E_SCENARIO',
        `--${o.flag} ${String(given)}: ${errorMessage(e)}`,
        `${o.help} (default ${o.default})`,
      );
    }
  }
  return out;
}

/**
 * The fault specs of `--nemesis`, parsed once and checked against the deployment the run will
 * start, before Docker is touched. Throws exit-2 errors naming the bad spec.
 */
function resolveFaults(
  nemesis: readonly string[],
  deployment: { topology: Topology; nodeCount: number },
): { nemesis: string[]; faults: FaultSpec[] } {
  const choices = nemesis.length === 0 ? [] : parseNemesisChoices(nemesis.join(','));
  const faults = choices.flat();
  checkSpecsFor(faults, deployment);
  return { nemesis: choices.map(formatFaultChoice), faults };
}

/**
 * A scenario's explicit schedule, checked against the deployment and the time limit and put
 * in ms; its faults become the scenario's `nemesis`. A `nemesis` given beside it must name
 * the same faults (a stored `scenario.json` has both).
 */
function resolveSchedule(
  input: ScenarioInput,
  deployment: { topology: Topology; nodeCount: number },
  timing: { nemesisIntervalMs: number; timeLimitMs: number },
): { schedule: ScheduleJson[]; nemesis: string[]; faults: FaultSpec[] } | undefined {
  if (input.schedule === undefined) return undefined;
  // The seed only picks each fault's runtime choices; the runner draws them with the run's.
  const planned = explicitSchedule(input.schedule, 0, timing.nemesisIntervalMs);
  const faults = planned.map((p) => p.spec);
  checkSpecsFor(faults, deployment);
  const late = planned.find((p) => p.at + p.duration > timing.timeLimitMs);
  if (late !== undefined) {
    throw new RedcheckError(
      'E_NEMESIS_SCHEDULE',
      `schedule: ${formatFaultSpec(late.spec)} at ${late.at} ms for ${late.duration} ms ends after the workload's time limit (${timing.timeLimitMs} ms)`,
      'start it earlier, shorten it, or raise time-limit',
    );
  }
  const nemesis = [...new Set(faults.map(formatFaultSpec))];
  if (input.nemesis !== undefined) {
    const given = resolveFaults([input.nemesis].flat(), deployment).nemesis;
    const same = given.length === nemesis.length && given.every((g) => nemesis.includes(g));
    if (!same) {
      throw new RedcheckError(
        'E_SCENARIO',
        `nemesis ${JSON.stringify(given.join(','))} and schedule (${nemesis.join(',')}) disagree`,
        'give either nemesis (faults drawn by the seed) or schedule (faults spelled out), not both',
      );
    }
  }
  return { schedule: scheduleToJson(planned), nemesis, faults };
}

/** The cluster settings of a `cluster` scenario, checked; undefined for other topologies. */
function resolveClusterInput(
  input: ScenarioInput,
  topology: Topology,
  client: ClientName,
  readFrom: ReadFrom,
): { shards: number; nodeTimeoutMs: number; requireFullCoverage: boolean } | undefined {
  if (topology !== 'cluster') {
    const given = (['shards', 'clusterNodeTimeout', 'clusterRequireFullCoverage'] as const).find(
      (f) => input[f] !== undefined,
    );
    if (given !== undefined) {
      throw new RedcheckError(
        'E_SCENARIO',
        `${given} with topology ${topology}`,
        'shards and cluster settings need --topology cluster',
      );
    }
    return undefined;
  }
  if (client === 'ioredis') {
    throw new RedcheckError(
      'E_SCENARIO',
      '--client ioredis with topology cluster is not supported',
      "ioredis's Cluster client follows MOVED/ASK and refreshes its slot map on its own, " +
        'and cannot say which node an op ran on or how often it was redirected: use --client resp',
    );
  }
  if (readFrom === 'replica') {
    throw new RedcheckError(
      'E_SCENARIO',
      'read-from replica with topology cluster',
      'cluster reads go to the primary serving the slot: use --read-from primary',
    );
  }
  let shards: number;
  try {
    shards = clusterShards(input.shards ?? 3);
  } catch (e) {
    if (e instanceof RedcheckError) throw new RedcheckError('E_SCENARIO', e.message, e.fix);
    throw e;
  }
  const nodeTimeoutMs = durationMs('cluster-node-timeout', input.clusterNodeTimeout, 2000);
  if (nodeTimeoutMs < 100) {
    throw new RedcheckError(
      'E_SCENARIO',
      `cluster-node-timeout ${nodeTimeoutMs}ms is below 100ms`,
      'e.g. --cluster-node-timeout 2000ms',
    );
  }
  const cover = input.clusterRequireFullCoverage ?? true;
  const requireFullCoverage =
    typeof cover === 'boolean' ? cover : ['yes', 'true'].includes(cover.toLowerCase());
  if (typeof cover === 'string' && !['yes', 'no', 'true', 'false'].includes(cover.toLowerCase())) {
    throw new RedcheckError(
      'E_SCENARIO',
      `cluster-require-full-coverage "${cover}"`,
      'use yes or no',
    );
  }
  return { shards, nodeTimeoutMs, requireFullCoverage };
}

/**
 * The `waitaof` mode's settings: WAITAOF exists from Redis 7.2 (the 8.0 and valkey-8.1
 * images), its local count needs an AOF, its replica count at most the replicas there are.
 */
function resolveWaitaof(
  input: ScenarioInput,
  s: { mode: ModeName; redis: RedisFlavor; persistence: Persistence; replicas: number },
): { waitaofLocal: number; waitaofReplicas: number } {
  const waitaofLocal = input.waitaofLocal ?? 1;
  const waitaofReplicas = input.waitaofReplicas ?? 0;
  if (s.mode !== 'waitaof') return { waitaofLocal, waitaofReplicas };
  if (!WAITAOF_FLAVORS.includes(s.redis)) {
    throw new RedcheckError(
      'E_SCENARIO',
      `mode waitaof with --redis ${s.redis}: Redis ${s.redis} has no WAITAOF (it came in Redis 7.2)`,
      `use --redis ${WAITAOF_FLAVORS.join(' or ')} (images ${WAITAOF_FLAVORS.map((f) => flavorSpec(f).image).join(', ')})`,
    );
  }
  if (waitaofLocal !== 0 && waitaofLocal !== 1) {
    throw new RedcheckError('E_SCENARIO', `waitaof-local ${waitaofLocal}`, 'use 0 or 1');
  }
  if (waitaofReplicas > s.replicas) {
    throw new RedcheckError(
      'E_SCENARIO',
      `waitaof-replicas ${waitaofReplicas} exceeds the ${s.replicas} replicas of this topology`,
      `use --waitaof-replicas 0..${s.replicas}`,
    );
  }
  if (waitaofLocal === 1 && !s.persistence.includes('aof')) {
    throw new RedcheckError(
      'E_SCENARIO',
      `waitaof-local 1 with persistence ${s.persistence} (no AOF to fsync)`,
      'use --persistence aof-no, aof-everysec, aof-always or rdb+aof, or --waitaof-local 0',
    );
  }
  return { waitaofLocal, waitaofReplicas };
}

/**
 * Resolve every default, in this one place. Throws RedcheckError (exit 2) naming the bad value
 * and the valid ones; the fault specs are parsed and checked against the topology here.
 */
export function resolveScenario(input: ScenarioInput): ResolvedScenario {
  const topology = oneOf('topology', input.topology, TOPOLOGIES, 'sentinel');
  const mode = oneOf('mode', input.mode, MODE_NAMES, 'async');
  const workload = oneOf('workload', input.workload, WORKLOAD_NAMES, 'set');
  const redis = oneOf('redis', input.redis, REDIS_FLAVORS, '7.0');
  const persistence = oneOf('persistence', input.persistence, PERSISTENCE_PRESETS, 'none');
  const readFrom = oneOf('read-from', input.readFrom, READ_FROM, 'primary');
  const client = oneOf('client', input.client, CLIENT_NAMES, DEFAULT_CLIENT);
  if (readFrom === 'replica' && topology === 'standalone') {
    throw new RedcheckError(
      'E_SCENARIO',
      'read-from replica with topology standalone',
      'use --topology replication or sentinel, or --read-from primary',
    );
  }
  const checkTimeLimitMs = durationMs('check-time-limit', input.checkTimeLimit, 60_000);
  if (checkTimeLimitMs <= 0) {
    throw new RedcheckError(
      'E_SCENARIO',
      'check-time-limit must be positive',
      'e.g. --check-time-limit 60s',
    );
  }

  const cluster = resolveClusterInput(input, topology, client, readFrom);
  const replicas = topology === 'standalone' ? 0 : (input.replicas ?? (cluster ? 1 : 2));
  if (topology === 'standalone' && input.replicas !== undefined && input.replicas !== 0) {
    throw new RedcheckError(
      'E_SCENARIO',
      `replicas ${input.replicas} with topology standalone`,
      'use --topology replication or sentinel for replicas, or drop --replicas',
    );
  }
  if (topology !== 'standalone' && topology !== 'cluster' && replicas < 1) {
    throw new RedcheckError(
      'E_SCENARIO',
      `replicas ${replicas} with topology ${topology}`,
      'use at least 1 replica, or --topology standalone',
    );
  }
  const waitReplicas = input.waitReplicas ?? replicas;
  if (mode === 'wait' && waitReplicas > replicas) {
    throw new RedcheckError(
      'E_SCENARIO',
      `wait-replicas ${waitReplicas} exceeds the ${replicas} replicas of this topology`,
      `use --wait-replicas 0..${replicas}`,
    );
  }
  const waitTimeoutMs = durationMs('wait-timeout', input.waitTimeout, 1000);
  const waitaof = resolveWaitaof(input, { mode, redis, persistence, replicas });
  const opTimeoutMs = durationMs(
    'op-timeout',
    input.opTimeout,
    mode === 'wait' || mode === 'waitaof' ? waitTimeoutMs + 1000 : 1000,
  );
  if (opTimeoutMs <= 0) {
    throw new RedcheckError('E_SCENARIO', 'op-timeout must be positive', 'e.g. --op-timeout 1s');
  }

  let nemesis = input.nemesis === undefined ? undefined : [input.nemesis].flat();
  // `--nemesis ,` or `a,,b` names an empty fault: an error, not silently no fault.
  const blank = nemesis?.find((spec) => spec.split(',').some((part) => part.trim() === ''));
  if (blank !== undefined) {
    throw new RedcheckError(
      'E_UNKNOWN_NEMESIS',
      `nemesis ${JSON.stringify(blank)} names an empty fault`,
      'list faults separated by commas (partition,kill), or none for no faults',
    );
  }
  nemesis = nemesis
    ?.flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (nemesis === undefined) {
    nemesis =
      topology === 'standalone'
        ? []
        : cluster
          ? ['partition:shard-primary-with-clients']
          : ['partition:primary-with-clients'];
  }
  if (nemesis.length === 1 && nemesis[0] === 'none') nemesis = [];
  if (nemesis.includes('none')) {
    throw new RedcheckError(
      'E_UNKNOWN_NEMESIS',
      `nemesis "none" combined with faults: ${nemesis.join(',')}`,
      'use either none or a list of faults',
    );
  }
  const nodeCount = cluster ? cluster.shards * (replicas + 1) : replicas + 1;
  const drawn = resolveFaults(nemesis, { topology, nodeCount });

  const timeLimitMs = durationMs('time-limit', input.timeLimit, 30_000);
  if (timeLimitMs <= 0) {
    throw new RedcheckError('E_SCENARIO', 'time-limit must be positive', 'e.g. --time-limit 30s');
  }
  const nemesisIntervalMs = durationMs('nemesis-interval', input.nemesisInterval, 10_000);
  if (nemesisIntervalMs <= 0) {
    throw new RedcheckError(
      'E_SCENARIO',
      'nemesis-interval must be positive',
      'e.g. --nemesis-interval 10s',
    );
  }
  const spelled = resolveSchedule(
    input,
    { topology, nodeCount },
    { nemesisIntervalMs, timeLimitMs },
  );

  const resolved: ResolvedScenario = {
    topology,
    replicas,
    ...(cluster
      ? {
          shards: cluster.shards,
          clusterNodeTimeoutMs: cluster.nodeTimeoutMs,
          clusterRequireFullCoverage: cluster.requireFullCoverage,
        }
      : {}),
    mode,
    waitReplicas,
    waitTimeoutMs,
    ...waitaof,
    workload,
    readFrom,
    client,
    checkTimeLimitMs,
    nemesis: spelled?.nemesis ?? drawn.nemesis,
    faults: spelled?.faults ?? drawn.faults,
    ...(spelled === undefined ? {} : { schedule: spelled.schedule }),
    faultOptions: resolveFaultOptions(input),
    nemesisIntervalMs,
    timeLimitMs,
    concurrency: input.concurrency ?? 10,
    rate: input.rate ?? null,
    seed: input.seed ?? randomSeed(),
    redis,
    persistence,
    rdbSave: rdbSaveSchedule(input.rdbSave),
    minReplicasToWrite: input.minReplicasToWrite ?? 0,
    minReplicasMaxLag: input.minReplicasMaxLag ?? 10,
    store: input.store ?? 'store',
    keep: input.keep ?? false,
    opTimeoutMs,
    settleTimeoutMs: durationMs('settle-timeout', input.settleTimeout, 60_000),
    runTimeoutMs: durationMs('run-timeout', input.runTimeout, timeLimitMs + 300_000),
    redisConfig: input.redisConfig ?? [],
    ...(input.claim === undefined ? {} : { claim: input.claim }),
    ...(input.expect === undefined ? {} : { expect: input.expect }),
  };
  checkLimits(resolved);
  return resolved;
}

const HOUR = 3_600_000;

/**
 * The upper bound of each numeric run option, by scenario field (documented here and in
 * `redcheck run --help`). Every time stays far below 2^31 ms, the most a Node timer can wait
 * (a longer one fires at once), with the sums the runner makes of them.
 */
export const SCENARIO_LIMITS = {
  replicas: { max: 8, flag: 'replicas', ms: false },
  concurrency: { max: 1000, flag: 'concurrency', ms: false },
  rate: { max: 1_000_000, flag: 'rate', ms: false },
  minReplicasMaxLag: { max: 3600, flag: 'min-replicas-max-lag', ms: false },
  timeLimitMs: { max: 24 * HOUR, flag: 'time-limit', ms: true },
  nemesisIntervalMs: { max: 24 * HOUR, flag: 'nemesis-interval', ms: true },
  checkTimeLimitMs: { max: 24 * HOUR, flag: 'check-time-limit', ms: true },
  runTimeoutMs: { max: 48 * HOUR, flag: 'run-timeout', ms: true },
  settleTimeoutMs: { max: HOUR, flag: 'settle-timeout', ms: true },
  opTimeoutMs: { max: 10 * 60_000, flag: 'op-timeout', ms: true },
  waitTimeoutMs: { max: 10 * 60_000, flag: 'wait-timeout', ms: true },
  clusterNodeTimeoutMs: { max: 10 * 60_000, flag: 'cluster-node-timeout', ms: true },
} as const satisfies Partial<
  Record<keyof ResolvedScenario, { max: number; flag: string; ms: boolean }>
>;

function showLimit(v: number, ms: boolean): string {
  if (!ms) return String(v);
  return v % HOUR === 0 ? `${v / HOUR}h` : v % 1000 === 0 ? `${v / 1000}s` : `${v}ms`;
}

/** One line per limit, for `redcheck run --help`. */
export function scenarioLimitsHelp(): string {
  return Object.values(SCENARIO_LIMITS)
    .map((l) => `  --${l.flag.padEnd(22)} at most ${showLimit(l.max, l.ms)}`)
    .join('\n');
}

/** Throws E_SCENARIO naming the option and its limit when a value is above its bound. */
function checkLimits(s: ResolvedScenario): void {
  for (const [field, limit] of Object.entries(SCENARIO_LIMITS)) {
    const v = s[field as keyof typeof SCENARIO_LIMITS];
    if (typeof v === 'number' && v > limit.max) {
      throw new RedcheckError(
        'E_SCENARIO',
        `${limit.flag} ${showLimit(v, limit.ms)} is above its limit of ${showLimit(limit.max, limit.ms)}`,
        `use --${limit.flag} ${showLimit(limit.max, limit.ms)} or less`,
      );
    }
  }
}

/**
 * The `redcheck run ...` line that re-runs a resolved scenario (same seed, same settings); for
 * a scenario with an explicit schedule, `--scenario` with its file.
 */
export function rerunCommand(s: ResolvedScenario, scenarioFile?: string): string {
  // A spelled-out schedule has no flags: the scenario file carries it.
  if (s.schedule !== undefined) {
    return scenarioFile === undefined
      ? `redcheck run --scenario <this scenario's file> --seed ${s.seed}`
      : `redcheck run --scenario ${shellQuote(scenarioFile)} --seed ${s.seed}`;
  }
  const parts = [
    'redcheck run',
    `--topology ${s.topology}`,
    ...(s.topology === 'standalone' ? [] : [`--replicas ${s.replicas}`]),
    ...(s.topology === 'cluster'
      ? [
          `--shards ${s.shards ?? 3}`,
          `--cluster-node-timeout ${s.clusterNodeTimeoutMs ?? 2000}ms`,
          ...(s.clusterRequireFullCoverage === false ? ['--cluster-require-full-coverage no'] : []),
        ]
      : []),
    `--mode ${s.mode}`,
    ...(s.mode === 'wait'
      ? [`--wait-replicas ${s.waitReplicas}`, `--wait-timeout ${s.waitTimeoutMs}ms`]
      : []),
    ...(s.mode === 'waitaof'
      ? [
          `--waitaof-local ${s.waitaofLocal}`,
          `--waitaof-replicas ${s.waitaofReplicas}`,
          `--wait-timeout ${s.waitTimeoutMs}ms`,
        ]
      : []),
    `--workload ${s.workload}`,
    ...(s.readFrom === 'primary' ? [] : [`--read-from ${s.readFrom}`]),
    ...(s.client === DEFAULT_CLIENT ? [] : [`--client ${s.client}`]),
    ...(s.checkTimeLimitMs === 60_000 ? [] : [`--check-time-limit ${s.checkTimeLimitMs}ms`]),
    `--nemesis ${s.nemesis.length === 0 ? 'none' : s.nemesis.join(',')}`,
    `--nemesis-interval ${s.nemesisIntervalMs}ms`,
    `--time-limit ${s.timeLimitMs}ms`,
    `--concurrency ${s.concurrency}`,
    ...(s.rate === null ? [] : [`--rate ${s.rate}`]),
    `--seed ${s.seed}`,
    `--redis ${s.redis}`,
    `--persistence ${s.persistence}`,
    ...(s.rdbSave === DEFAULT_RDB_SAVE ? [] : [`--rdb-save ${shellQuote(s.rdbSave)}`]),
    ...(s.minReplicasToWrite > 0
      ? [
          `--min-replicas-to-write ${s.minReplicasToWrite}`,
          `--min-replicas-max-lag ${s.minReplicasMaxLag}`,
        ]
      : []),
    `--op-timeout ${s.opTimeoutMs}ms`,
    ...s.redisConfig.map((line) => `--redis-config ${shellQuote(line)}`),
    ...(s.store === 'store' ? [] : [`--store ${shellQuote(s.store)}`]),
  ];
  return parts.join(' ');
}

function shellQuote(s: string): string {
  return /^[\w./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
