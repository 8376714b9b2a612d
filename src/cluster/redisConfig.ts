import { DEFAULT_RDB_SAVE, type ResolvedDeploymentOptions } from './deploymentOptions.js';
import type { Persistence, ProcessRole } from './types.js';

export const REDIS_PORT = 6379;
export const SENTINEL_PORT = 26379;
export const MASTER_NAME = 'mymaster';

/** Where things live inside a node. */
export const NODE_PATHS = {
  confDir: '/etc/redcheck',
  runDir: '/run/redcheck',
  logDir: '/var/log/redcheck',
  dataDir: '/data',
  sentinelDir: '/data/sentinel',
} as const;

export function confPath(role: ProcessRole): string {
  return `${NODE_PATHS.confDir}/${role}.conf`;
}
export function pidPath(role: ProcessRole): string {
  return `${NODE_PATHS.runDir}/${role}.pid`;
}
export function logPath(role: ProcessRole): string {
  return `${NODE_PATHS.logDir}/${role}.log`;
}

/**
 * `redis.conf` lines for each persistence preset; `save` is the RDB schedule (`5 1`: every
 * 5 s when at least 1 key changed) of the presets that snapshot.
 */
export function persistenceConfig(p: Persistence, save = DEFAULT_RDB_SAVE): readonly string[] {
  const rdb = `save ${save}`;
  switch (p) {
    case 'none':
      return ['save ""', 'appendonly no'];
    case 'rdb':
      return [rdb, 'appendonly no'];
    case 'aof-no':
      return ['save ""', 'appendonly yes', 'appendfsync no'];
    case 'aof-everysec':
      return ['save ""', 'appendonly yes', 'appendfsync everysec'];
    case 'aof-always':
      return ['save ""', 'appendonly yes', 'appendfsync always'];
    case 'rdb+aof':
      return [rdb, 'appendonly yes', 'appendfsync everysec'];
  }
}

/** The data server's config; `primaryIp` is set for replicas. */
export function renderRedisConfig(o: ResolvedDeploymentOptions, primaryIp?: string): string {
  const lines = [
    '# written by redcheck',
    'bind 0.0.0.0',
    `port ${REDIS_PORT}`,
    'protected-mode no',
    'daemonize yes',
    `pidfile ${pidPath('redis')}`,
    `logfile ${logPath('redis')}`,
    `dir ${NODE_PATHS.dataDir}`,
    ...persistenceConfig(o.persistence, o.rdbSave),
    // Start a full sync at once instead of waiting 5 s for more replicas to join it.
    'repl-diskless-sync-delay 0',
    `repl-backlog-size ${o.replBacklogSize}`,
    `min-replicas-to-write ${o.minReplicasToWrite}`,
    `min-replicas-max-lag ${o.minReplicasMaxLag}`,
    ...(primaryIp ? [`replicaof ${primaryIp} ${REDIS_PORT}`] : []),
    ...(o.topology === 'cluster' ? clusterConfig(o) : []),
    ...o.extraRedisConfig,
  ];
  return lines.join('\n') + '\n';
}

/** The `cluster` topology's lines: cluster mode, its own nodes file, the run's timeouts. */
function clusterConfig(o: ResolvedDeploymentOptions): string[] {
  return [
    'cluster-enabled yes',
    `cluster-config-file ${NODE_PATHS.dataDir}/nodes.conf`,
    `cluster-node-timeout ${o.clusterNodeTimeoutMs}`,
    `cluster-require-full-coverage ${o.clusterRequireFullCoverage ? 'yes' : 'no'}`,
    // Replicas never migrate between shards: a shard stays the nodes formed into it.
    'cluster-allow-replica-migration no',
  ];
}

/** The sentinel's config: monitor the initial primary with the run's quorum and timeouts. */
export function renderSentinelConfig(o: ResolvedDeploymentOptions, primaryIp: string): string {
  const lines = [
    '# written by redcheck (Sentinel rewrites this file)',
    'bind 0.0.0.0',
    `port ${SENTINEL_PORT}`,
    'protected-mode no',
    'daemonize yes',
    `pidfile ${pidPath('sentinel')}`,
    `logfile ${logPath('sentinel')}`,
    `dir ${NODE_PATHS.sentinelDir}`,
    `sentinel monitor ${MASTER_NAME} ${primaryIp} ${REDIS_PORT} ${o.quorum}`,
    `sentinel down-after-milliseconds ${MASTER_NAME} ${o.downAfterMs}`,
    `sentinel failover-timeout ${MASTER_NAME} ${o.failoverTimeoutMs}`,
    `sentinel parallel-syncs ${MASTER_NAME} 1`,
  ];
  return lines.join('\n') + '\n';
}
