import { RedcheckError } from '../../errors.js';
import { startDeployment, type DockerDeployment } from '../../cluster/index.js';
import { startSwarmDeployment } from '../../cluster/swarm/swarmDeployment.js';
import { deploymentNeeds, zoneHomes } from '../../../nemesis/index.js';
import { Interrupted } from '../interruption.js';
import { loadRedisConf } from '../../cluster/loadRedisConf.js';
import { mergedRedisConfig } from '../../cluster/redisConfig.js';
import type { RunContext } from '../runContext.js';

/** Setup: the deployment (image, network, nodes, topology), healthy; or the one given. */
export async function setup(run: RunContext): Promise<void> {
  const s = run.scenario;
  const engines = run.options.engines;
  const start: typeof startDeployment = engines
    ? (o, c) => startSwarmDeployment(o ?? {}, c ?? {}, engines)
    : startDeployment;
  const starting = run.options.deployment
    ? Promise.resolve(run.options.deployment)
    : start(
        {
          topology: s.topology,
          redis: s.redis,
          ...(s.image === undefined ? {} : { image: s.image }),
          ...(s.serverBinary === undefined ? {} : { serverBinary: s.serverBinary }),
          replicas: s.topology === 'standalone' ? 0 : s.replicas,
          ...(s.topology === 'cluster'
            ? {
                shards: s.shards,
                clusterNodeTimeoutMs: s.clusterNodeTimeoutMs,
                clusterRequireFullCoverage: s.clusterRequireFullCoverage,
              }
            : {}),
          persistence: s.persistence,
          rdbSave: s.rdbSave,
          minReplicasToWrite: s.minReplicasToWrite,
          minReplicasMaxLag: Math.max(1, s.minReplicasMaxLag),
          runId: run.results.run,
          extraRedisConfig: s.redisConfig,
          ...(s.redisConf === undefined
            ? {}
            : { redisConf: loadRedisConf(s.redisConf).map((l) => l.text) }),
          // e.g. disk-full's size-limited data directory
          ...deploymentNeeds(s.faults, s.faultOptions),
        },
        { log: run.log },
      );
  // If we stop waiting (interrupt), still remove the deployment once it exists.
  starting.catch(() => undefined);
  let d: DockerDeployment;
  try {
    d = await run.stop.abortable(starting);
  } catch (e) {
    if (e instanceof Interrupted) {
      void starting.then(
        (late) => late.dispose(),
        () => undefined,
      );
    }
    throw e;
  }
  run.deployment = d;
  // The run's shutdown hook must run before the deployment's own dispose hook.
  run.stop.rehook();
  if (d.nodes.length === 0)
    throw new RedcheckError('E_SETUP_FAILED', 'the deployment has no nodes');
  const version = await redisVersion(d);
  if (version !== undefined) run.results.redisVersion = version;
  if (s.redisConf !== undefined && d.options.redisConf !== null) {
    run.results.redisConf = {
      file: s.redisConf,
      overrides: mergedRedisConfig(d.options).overrides,
      ...(d.auth === undefined ? {} : { authUser: d.auth.user ?? 'default' }),
    };
  }
  const homes = zoneHomes(d.zones, d.nodes);
  run.results.deployment = {
    nodes: d.nodes.map((n) => ({ name: n.name, ip: n.ip })),
    zones: d.zones.map((z, i) => ({
      name: z.name,
      ip: z.ip,
      ...(homes[i] ? { node: homes[i].node } : {}),
    })),
    ...(d.network ? { network: d.network.name } : {}),
  };
}

async function redisVersion(d: DockerDeployment): Promise<string | undefined> {
  const node = d.nodes[0];
  if (!node) return undefined;
  const r = await node.cli('redis', ['info', 'server']).catch(() => undefined);
  const text = r?.stdout ?? '';
  const m = /^valkey_version:(\S+)/m.exec(text) ?? /^redis_version:(\S+)/m.exec(text);
  return m?.[1];
}
