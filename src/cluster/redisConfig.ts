import { DEFAULT_RDB_SAVE, type ResolvedDeploymentOptions } from './deploymentOptions.js';
import type { Persistence, ProcessRole } from './types.js';
import type { RedisCommand } from '../client/index.js';
import { mergeRedisConf, type MergedRedisConf, type OwnedLine } from './mergeRedisConf.js';
import type { Credentials } from '../client/credentials.js';
import { redisConfAuth } from './redisConfAuth.js';

export const REDIS_PORT = 6379;
export const SENTINEL_PORT = 26379;
export const MASTER_NAME = 'mymaster';

/** Where things live inside a node (the init, `docker/init.c`, makes these directories). */
export const NODE_PATHS = {
  confDir: '/etc/redcheck',
  runDir: '/run/redcheck',
  dataDir: '/data',
  sentinelDir: '/data/sentinel',
} as const;

/**
 * The node's root as its helper sees it: the helper shares the node's PID namespace, so the
 * node's PID 1 (the init) shows the node's file system, mounts included, under this path.
 */
export const NODE_ROOT = '/proc/1/root';

/** A path inside the node, as the helper (where `Node.exec` runs) reaches it. */
export function inNode(path: string): string {
  return `${NODE_ROOT}${path}`;
}

export function confPath(role: ProcessRole): string {
  return `${NODE_PATHS.confDir}/${role}.conf`;
}
/** The pid file the init keeps while the role's process lives. */
export function pidPath(role: ProcessRole): string {
  return `${NODE_PATHS.runDir}/${role}.pid`;
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
    case 'keep':
      // The user's redis.conf keeps its own (a run refuses `keep` without one).
      return [];
  }
}

/**
 * The credentials of the deployment's data nodes (the --redis-conf file's, then the
 * --redis-config lines'; see `redisConfAuth`), or undefined when they take no password.
 */
export function nodeAuth(o: ResolvedDeploymentOptions): Credentials | undefined {
  return redisConfAuth([...(o.redisConf ?? []), ...o.extraRedisConfig]);
}

/**
 * `masterauth <requirepass>` when the nodes take a password the config does not give the
 * replicas (a `requirepass` without `masterauth`): every node may become a replica.
 */
function replicaAuthLines(o: ResolvedDeploymentOptions): string[] {
  const auth = nodeAuth(o);
  const given = [...(o.redisConf ?? []), ...o.extraRedisConfig].some((l) =>
    /^\s*masterauth\s/i.test(l),
  );
  return auth === undefined || given ? [] : [`masterauth ${quoteConfigWord(auth.password)}`];
}

/** A word as a config line takes it: quoted (with escapes) unless it is plain. */
function quoteConfigWord(w: string): string {
  return /^[^\s"'\\]+$/.test(w) ? w : `"${w.replace(/["\\]/g, '\\$&')}"`;
}

/**
 * The data server's config; `primaryIp` is set for replicas (a deployment makes replicas at
 * run time instead, with REPLICAOF and CONFIG REWRITE, as their primary's address is not
 * known when their containers are created). The server runs in the foreground under the
 * node's init and logs to stdout.
 */
export function renderRedisConfig(o: ResolvedDeploymentOptions, primaryIp?: string): string {
  if (o.redisConf !== null) return mergedRedisConfig(o, primaryIp).config;
  const lines = [
    '# written by redcheck',
    'bind 0.0.0.0',
    `port ${REDIS_PORT}`,
    'protected-mode no',
    'daemonize no',
    'logfile ""',
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
    ...replicaAuthLines(o),
  ];
  return lines.join('\n') + '\n';
}

/**
 * The user's redis.conf (`o.redisConf`) under the `--redis-config` lines and redcheck's own,
 * with what redcheck replaced in it (see `mergeRedisConf`).
 */
export function mergedRedisConfig(
  o: ResolvedDeploymentOptions,
  primaryIp?: string,
): MergedRedisConf {
  const own = (why: string) => (line: string) => ({ line, why });
  const setting = (why: string) => (line: string) => ({ line, why, yieldsToExtra: true });
  const owned: OwnedLine[] = [
    ...['bind 0.0.0.0', 'protected-mode no'].map(
      own('replicas, sentinels and clients reach the node from other addresses'),
    ),
    own('the port redcheck connects to')(`port ${REDIS_PORT}`),
    ...['daemonize no', 'logfile ""'].map(
      own("the server runs in the foreground under redcheck's init and logs to its output"),
    ),
    own('the data directory faults and checks act on')(`dir ${NODE_PATHS.dataDir}`),
    ...(o.persistence === 'keep'
      ? []
      : [...persistenceConfig(o.persistence, o.rdbSave), 'aof-use-rdb-preamble yes']
    ).map(own(`the run's --persistence ${o.persistence}`)),
    setting('a full sync starts at once')('repl-diskless-sync-delay 0'),
    ...replicaAuthLines(o).map(
      setting('every node may become a replica of a node with requirepass'),
    ),
    setting("the run's repl-backlog-size")(`repl-backlog-size ${o.replBacklogSize}`),
    setting("the run's --min-replicas-to-write")(`min-replicas-to-write ${o.minReplicasToWrite}`),
    setting("the run's --min-replicas-max-lag")(`min-replicas-max-lag ${o.minReplicasMaxLag}`),
    ...(primaryIp
      ? [own('redcheck makes the replicas')(`replicaof ${primaryIp} ${REDIS_PORT}`)]
      : []),
    ...(o.topology === 'cluster'
      ? clusterConfig(o).map((line) =>
          /^cluster-(enabled|config-file) /.test(line)
            ? own('the cluster topology')(line)
            : setting("the run's cluster settings")(line),
        )
      : [own('the topology is not a cluster')('cluster-enabled no')]),
  ];
  const merged = mergeRedisConf(o.redisConf ?? [], o.extraRedisConfig, owned);
  if (primaryIp !== undefined) return merged;
  // Replicas are made at run time: a file's replicaof is replaced by redcheck's as well.
  const dropsReplicaof = (o.redisConf ?? []).some((l) => /^\s*(replicaof|slaveof)\s/i.test(l));
  return {
    config: merged.config
      .split('\n')
      .filter((l) => !/^\s*(replicaof|slaveof)\s/i.test(l))
      .join('\n'),
    overrides: dropsReplicaof
      ? [
          ...merged.overrides,
          {
            directive: 'replicaof',
            file: (o.redisConf ?? [])
              .filter((l) => /^\s*(replicaof|slaveof)\s/i.test(l))
              .join('; '),
            used: '(the topology: REPLICAOF at run time)',
            why: 'redcheck makes the replicas of its own deployment',
          },
        ]
      : merged.overrides,
  };
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

/**
 * The sentinel's config. With `primaryIp` it monitors that primary with the run's quorum and
 * timeouts; without, it starts monitoring nothing and the deployment gives it the primary at
 * run time (`sentinelMonitorCommands`), once the primary's address is known.
 */
export function renderSentinelConfig(o: ResolvedDeploymentOptions, primaryIp?: string): string {
  const lines = [
    '# written by redcheck (Sentinel rewrites this file)',
    'bind 0.0.0.0',
    `port ${SENTINEL_PORT}`,
    'protected-mode no',
    'daemonize no',
    'logfile ""',
    `dir ${NODE_PATHS.sentinelDir}`,
    ...(primaryIp === undefined
      ? []
      : [
          `sentinel monitor ${MASTER_NAME} ${primaryIp} ${REDIS_PORT} ${o.quorum}`,
          ...sentinelSettings(o).map(
            ([k, v]) =>
              `sentinel ${k} ${MASTER_NAME} ${k === 'auth-pass' ? quoteConfigWord(v) : v}`,
          ),
        ]),
  ];
  return lines.join('\n') + '\n';
}

/** The sentinel's settings for the monitored primary; its credentials when the nodes take one. */
function sentinelSettings(o: ResolvedDeploymentOptions): [string, string][] {
  const auth = nodeAuth(o);
  return [
    ['down-after-milliseconds', String(o.downAfterMs)],
    ['failover-timeout', String(o.failoverTimeoutMs)],
    ['parallel-syncs', '1'],
    ...(auth?.user === undefined ? [] : [['auth-user', auth.user] as [string, string]]),
    ...(auth === undefined ? [] : [['auth-pass', auth.password] as [string, string]]),
  ];
}

/** The commands that make a running sentinel monitor `primaryIp` as its config would. */
export function sentinelMonitorCommands(
  o: ResolvedDeploymentOptions,
  primaryIp: string,
): RedisCommand[] {
  return [
    ['SENTINEL', 'MONITOR', MASTER_NAME, primaryIp, String(REDIS_PORT), String(o.quorum)],
    ['SENTINEL', 'SET', MASTER_NAME, ...sentinelSettings(o).flat()],
  ];
}
