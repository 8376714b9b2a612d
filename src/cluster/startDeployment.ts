import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type Docker from 'dockerode';
import { errorMessage, isRedcheckError, RedcheckError } from '../errors.js';
import { connectDocker } from './dockerClient.js';
import { DockerDeployment, type Logger, type RunNetwork } from './dockerDeployment.js';
import { DockerNode } from './dockerNode.js';
import { resolveDeploymentOptions, type DeploymentOptions } from './deploymentOptions.js';
import { flavorSpec } from './flavor.js';
import { addAddress, linkAddresses, parseCidr, topAddresses, intToIp } from './hostNetwork.js';
import { ensureImage } from './imageBuild.js';
import { formCluster } from './formCluster.js';
import { BRIDGE_LABEL, BRIDGE_PREFIX, NODE_LABEL, OWNER_LABEL, RUN_LABEL } from './labels.js';
import { NODE_PATHS, confPath, renderRedisConfig, renderSentinelConfig } from './redisConfig.js';
import { registerForCleanup } from './shutdown.js';

/** What startDeployment needs besides the options (not serializable, so kept apart). */
export interface DeploymentContext {
  /** Progress lines (`[cluster] ...`); default silent. */
  log?: Logger;
  /** An engine client; default `connectDocker()`. */
  docker?: Docker;
}

/** `rc-` + 8 hex digits of the run id: short enough for an interface name (15 chars). */
export function bridgeNameFor(runId: string): string {
  return BRIDGE_PREFIX + createHash('sha1').update(runId).digest('hex').slice(0, 8);
}

async function createNetwork(d: DockerDeployment): Promise<RunNetwork> {
  const name = bridgeNameFor(d.runId);
  const labels = {
    [RUN_LABEL]: d.runId,
    [OWNER_LABEL]: `${hostname()}:${process.pid}`,
    [BRIDGE_LABEL]: name,
  };
  const created = await d.docker.createNetwork({
    Name: name,
    Driver: 'bridge',
    Internal: true,
    CheckDuplicate: true,
    Labels: labels,
    Options: { 'com.docker.network.bridge.name': name },
  });
  const info = (await created.inspect()) as {
    IPAM?: { Config?: { Subnet?: string; Gateway?: string }[] };
  };
  const cfg = info.IPAM?.Config?.find((c) => c.Subnet?.includes('.'));
  if (!cfg?.Subnet) {
    throw new RedcheckError(
      'E_SETUP_FAILED',
      `network ${name} has no IPv4 subnet`,
      'check the Docker daemon address pools',
    );
  }
  const { base, prefix } = parseCidr(cfg.Subnet);
  const gateway = cfg.Gateway ?? intToIp(base + 1);
  // Docker may leave an internal bridge without an address; the host needs one to reach nodes.
  const have = await linkAddresses(name);
  if (!have.some((a) => a.startsWith(`${gateway}/`))) {
    await addAddress(name, `${gateway}/${prefix}`);
    d.hostAddresses.push(`${gateway}/${prefix}`);
  }
  return { name, bridge: name, subnet: cfg.Subnet, gateway };
}

async function createNode(d: DockerDeployment, net: RunNetwork, name: string): Promise<DockerNode> {
  const container = await d.docker.createContainer({
    name: `${net.name}-${name}`,
    Hostname: name,
    Image: d.options.image,
    Cmd: ['sleep', 'infinity'],
    Labels: {
      [RUN_LABEL]: d.runId,
      [OWNER_LABEL]: `${hostname()}:${process.pid}`,
      [NODE_LABEL]: name,
    },
    StopTimeout: 1,
    HostConfig: {
      CapAdd: ['NET_ADMIN'],
      Init: true,
      NetworkMode: net.name,
      // A size-limited data directory that a disk-full fault can fill (never the host's disk).
      ...(d.options.dataDirSize === null
        ? {}
        : { Tmpfs: { [NODE_PATHS.dataDir]: `size=${d.options.dataDirSize}` } }),
    },
    NetworkingConfig: { EndpointsConfig: { [net.name]: { Aliases: [name] } } },
  });
  await container.start();
  const info = await container.inspect();
  const ip = info.NetworkSettings.Networks[net.name]?.IPAddress;
  if (!ip) {
    throw new RedcheckError(
      'E_SETUP_FAILED',
      `node ${name} got no address on ${net.name}`,
      'check the Docker daemon',
    );
  }
  const node = new DockerNode(d.docker, name, ip, container.id, d.flavor);
  const p = NODE_PATHS;
  const mk = await node.exec([
    'mkdir',
    '-p',
    p.confDir,
    p.runDir,
    p.logDir,
    p.dataDir,
    p.sentinelDir,
  ]);
  if (mk.exitCode !== 0) {
    throw new RedcheckError(
      'E_SETUP_FAILED',
      `[${name}] mkdir failed: ${mk.stderr}`,
      'check the image',
    );
  }
  return node;
}

function elapsed(d: DockerDeployment, phase: string, t0: number): number {
  const now = Date.now();
  d.timings[phase] = now - t0;
  return now;
}

async function setUp(d: DockerDeployment, log: Logger): Promise<void> {
  const o = d.options;
  let t = Date.now();
  const net = await createNetwork(d);
  d.network = net;
  t = elapsed(d, 'network', t);
  log(`[cluster] network ${net.name} ${net.subnet} (bridge ${net.bridge}, internal)`);

  const layout = d.layout;
  const count = layout ? layout.reduce((n, s) => n + s.nodes.length, 0) : o.replicas + 1;
  const names = Array.from({ length: count }, (_, i) => `n${i + 1}`);
  const nodes = await Promise.all(names.map((n) => createNode(d, net, n)));
  d.nodes.push(...nodes);
  t = elapsed(d, 'containers', t);
  log(`[cluster] nodes ${nodes.map((n) => `${n.name}=${n.ip}`).join(' ')}`);

  const primary = nodes[0];
  if (!primary) throw new Error('no nodes');
  await Promise.all(
    nodes.map((n) =>
      n.writeFile(
        confPath('redis'),
        renderRedisConfig(o, n === primary || layout ? undefined : primary.ip),
      ),
    ),
  );
  if (layout) {
    await Promise.all(nodes.map((n) => n.start('redis')));
    await formCluster(nodes, layout);
    log(`[cluster] formed ${layout.map((s) => `${s.shard}=${s.nodes.join('+')}`).join(' ')}`);
  } else {
    await primary.start('redis');
    await Promise.all(nodes.slice(1).map((n) => n.start('redis')));
  }
  if (o.topology === 'sentinel') {
    await Promise.all(
      nodes.map(async (n) => {
        await n.writeFile(confPath('sentinel'), renderSentinelConfig(o, primary.ip));
        await n.start('sentinel');
      }),
    );
  }
  t = elapsed(d, 'redis', t);

  const zoneIps = topAddresses(net.subnet, o.zones);
  const { prefix } = parseCidr(net.subnet);
  for (const [i, ip] of zoneIps.entries()) {
    await addAddress(net.bridge, `${ip}/${prefix}`);
    d.hostAddresses.push(`${ip}/${prefix}`);
    d.zones.push({ name: `c${i + 1}`, ip });
  }
  if (zoneIps.length)
    log(`[cluster] client zones ${d.zones.map((z) => `${z.name}=${z.ip}`).join(' ')}`);
  t = elapsed(d, 'zones', t);

  const report = await d.waitHealthy(o.healthTimeoutMs, { zones: true });
  elapsed(d, 'healthy', t);
  if (report.problems.length) {
    throw new RedcheckError(
      'E_UNHEALTHY',
      `${o.topology} deployment not healthy after ${o.healthTimeoutMs}ms:\n  ` +
        report.problems.join('\n  '),
      'look at the node logs (`docker exec <container> cat /var/log/redcheck/redis.log`) ' +
        'or raise healthTimeoutMs',
    );
  }
}

/**
 * Start a deployment: network, containers, Redis processes, client zones; resolves once it
 * is healthy. On any failure it removes what it created and rethrows (RedcheckError
 * `E_SETUP_FAILED`, `E_UNHEALTHY`, `E_REDIS_START`, `E_DOCKER_UNREACHABLE`, ...).
 */
export async function startDeployment(
  options: DeploymentOptions = {},
  context: DeploymentContext = {},
): Promise<DockerDeployment> {
  const o = resolveDeploymentOptions(options);
  const log = context.log ?? (() => undefined);
  const docker = context.docker ?? (await connectDocker());
  const spec = flavorSpec(o.redis);
  if (o.image === spec.image) {
    await ensureImage(docker, o.redis, { build: o.buildImage, log });
  }
  const t0 = Date.now();
  const d = new DockerDeployment(docker, o, spec, log);
  if (o.cleanupOnSignal) d.setUnregister(registerForCleanup(d));
  log(`[cluster] starting ${o.topology} run ${o.runId} (${o.image})`);
  try {
    await setUp(d, log);
  } catch (e) {
    log(`[cluster] setup failed; removing what was created`);
    await d.dispose();
    if (isRedcheckError(e)) throw e;
    const message = errorMessage(e);
    throw new RedcheckError(
      'E_SETUP_FAILED',
      `starting the ${o.topology} deployment failed: ${message}`,
      /address pool/i.test(message)
        ? 'Docker has no free network address pool: run `redcheck cleanup` to remove leftover runs'
        : 'run `redcheck doctor`',
    );
  }
  d.timings.total = Date.now() - t0;
  log(`[cluster] ${o.topology} healthy in ${d.timings.total} ms`);
  return d;
}
