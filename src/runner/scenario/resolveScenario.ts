import { RedcheckError, type ErrorCode } from '../../errors.js';
import { PERSISTENCE_VALUES, REDIS_FLAVORS, TOPOLOGIES } from '../../cluster/types.js';
import { randomSeed } from '../../common/random.js';
import { WORKLOAD_NAMES } from '../../../workloads/index.js';
import { durationMs } from '../../common/durationMs.js';
import { rdbSaveSchedule } from '../../cluster/deploymentOptions.js';
import { MODE_NAMES } from '../../client/mode.js';
import { CLIENT_NAMES } from '../../client/channel.js';
import { DEFAULT_CLIENT } from '../../client/clientOptions.js';
import { READ_FROM, type ScenarioInput } from './scenarioInput.js';
import type { ResolvedScenario } from './resolvedScenario.js';
import { resolveFaultOptions } from './resolveFaultOptions.js';
import { resolveFaults, resolveSchedule } from './resolveFaults.js';
import { resolveClusterInput } from './resolveCluster.js';
import { resolveWaitaof } from './resolveWaitaof.js';
import { checkScenarioLimits } from './scenarioLimits.js';
import { checkNoSecrets, checkRenames, loadRedisConf } from '../../cluster/loadRedisConf.js';
import { neededCommands } from './neededCommands.js';

/**
 * A duration field that must be above zero (`durationMs` takes 0): its milliseconds, else
 * `E_SCENARIO` with `example` as the fix's value.
 */
function positiveMs(
  what: string,
  value: string | number | undefined,
  fallback: number,
  example: string,
): number {
  const ms = durationMs(what, value, fallback);
  if (ms <= 0) {
    throw new RedcheckError('E_SCENARIO', `${what} must be positive`, `e.g. --${what} ${example}`);
  }
  return ms;
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

/**
 * Resolve every default, in this one place. Throws RedcheckError (exit 2) naming the bad value
 * and the valid ones; the fault specs are parsed and checked against the topology here.
 */
export function resolveScenario(input: ScenarioInput): ResolvedScenario {
  const topology = oneOf('topology', input.topology, TOPOLOGIES, 'sentinel');
  const mode = oneOf('mode', input.mode, MODE_NAMES, 'async');
  const workload = oneOf('workload', input.workload, WORKLOAD_NAMES, 'set');
  const redis = oneOf('redis', input.redis, REDIS_FLAVORS, '7.0');
  // A resolved scenario with an image still says redis 7.0 (the default, unused): a stored
  // scenario.json read back is not refused for it.
  if (input.image !== undefined && input.redis !== undefined && redis !== '7.0') {
    throw new RedcheckError(
      'E_SCENARIO',
      `--image ${input.image} and --redis ${input.redis} both name the server to test`,
      "--redis names one of redcheck's own images, --image any other: give one of them",
    );
  }
  if (input.serverBinary !== undefined && input.image === undefined) {
    throw new RedcheckError(
      'E_SCENARIO',
      `--server-binary ${input.serverBinary} without --image`,
      'give the image it is in with --image <ref>, or drop --server-binary',
    );
  }
  const persistence = oneOf('persistence', input.persistence, PERSISTENCE_VALUES, 'none');
  if (persistence === 'keep' && input.redisConf === undefined) {
    throw new RedcheckError(
      'E_SCENARIO',
      'persistence keep without --redis-conf',
      "keep takes your redis.conf's own persistence lines: give --redis-conf <file>, or a preset",
    );
  }
  const readFrom = oneOf('read-from', input.readFrom, READ_FROM, 'primary');
  const client = oneOf('client', input.client, CLIENT_NAMES, DEFAULT_CLIENT);
  if (readFrom === 'replica' && topology === 'standalone') {
    throw new RedcheckError(
      'E_SCENARIO',
      'read-from replica with topology standalone',
      'use --topology replication or sentinel, or --read-from primary',
    );
  }
  const checkTimeLimitMs = positiveMs('check-time-limit', input.checkTimeLimit, 60_000, '60s');

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
  const opTimeoutMs = positiveMs(
    'op-timeout',
    input.opTimeout,
    mode === 'wait' || mode === 'waitaof' ? waitTimeoutMs + 1000 : 1000,
    '1s',
  );

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

  const timeLimitMs = positiveMs('time-limit', input.timeLimit, 30_000, '30s');
  const nemesisIntervalMs = positiveMs('nemesis-interval', input.nemesisInterval, 10_000, '10s');
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
    ...(input.image === undefined ? {} : { image: input.image }),
    ...(input.serverBinary === undefined ? {} : { serverBinary: input.serverBinary }),
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
    ...(input.redisConf === undefined ? {} : { redisConf: input.redisConf }),
    ...(input.claim === undefined ? {} : { claim: input.claim }),
    ...(input.expect === undefined ? {} : { expect: input.expect }),
  };
  checkScenarioLimits(resolved);
  checkNoSecrets(resolved.redisConfig);
  // The user's redis.conf is read and refused here, before any container starts.
  if (resolved.redisConf !== undefined) {
    checkRenames(loadRedisConf(resolved.redisConf), neededCommands(resolved));
  }
  return resolved;
}
