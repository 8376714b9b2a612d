import { DEFAULT_RDB_SAVE } from '../../cluster/deploymentOptions.js';
import { DEFAULT_CLIENT } from '../../client/clientOptions.js';
import type { ResolvedScenario } from './resolvedScenario.js';

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
