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
import type { ShardLayout } from './clusterLayout.js';
import { BRIDGE_LABEL, BRIDGE_PREFIX, NODE_LABEL, OWNER_LABEL, RUN_LABEL } from './labels.js';
import { NODE_PATHS, confPath, renderRedisConfig, renderSentinelConfig } from './redisConfig.js';
import { registerForCleanup } from './shutdown.js';
import { demuxLogFrames, shQuote } from './containerExec.js';
import { waitAnswers } from './hostRedis.js';

/** How long a booted node's redis-server may take to answer PING. */
const BOOT_TIMEOUT_MS = 20_000;

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

/** The directories every node needs before its processes start. */
function nodeDirs(): string {
  const p = NODE_PATHS;
  return [p.confDir, p.runDir, p.logDir, p.dataDir, p.sentinelDir].map(shQuote).join(' ');
}

/**
 * The container's command. Given a config, it boots the node's redis-server as it starts
 * (directories, config, launch: no `docker exec`), so Redis comes up while the other
 * containers still start; a launch that fails ends the container, its output in the
 * container's log. Without one it only idles, and the caller prepares the node with `exec`.
 */
function bootCommand(d: DockerDeployment, redisConfig: string | undefined): string[] {
  if (redisConfig === undefined) return ['sleep', 'infinity'];
  const conf = shQuote(confPath('redis'));
  const script =
    `mkdir -p ${nodeDirs()} && printf %s "$1" > ${conf} && ` +
    `${d.flavor.serverBinary} ${conf} && exec sleep infinity`;
  return ['sh', '-c', script, 'boot', redisConfig];
}

/** Create and start a node's container; given `after`, start it only once that settles. */
async function createNode(
  d: DockerDeployment,
  net: RunNetwork,
  name: string,
  redisConfig?: string,
  after?: Promise<unknown>,
): Promise<DockerNode> {
  const container = await d.docker.createContainer({
    name: `${net.name}-${name}`,
    Hostname: name,
    Image: d.options.image,
    Cmd: bootCommand(d, redisConfig),
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
  await after?.catch(() => undefined);
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
  return new DockerNode(d.docker, name, ip, container.id, d.flavor);
}

/** Make the node's directories and write its redis config, in one exec. */
async function prepareNode(node: DockerNode, redisConfig: string): Promise<void> {
  const b64 = Buffer.from(redisConfig, 'utf8').toString('base64');
  const r = await node.sh(
    `mkdir -p ${nodeDirs()} && printf %s ${shQuote(b64)} | base64 -d > ${shQuote(confPath('redis'))}`,
  );
  if (r.exitCode !== 0) {
    throw new RedcheckError(
      'E_SETUP_FAILED',
      `[${node.name}] preparing the node failed: ${r.stderr.trim()}`,
      'check the image',
    );
  }
}

/** The container's log (stdout and stderr of its command), demultiplexed. */
async function containerLog(d: DockerDeployment, node: DockerNode): Promise<string> {
  const raw: unknown = await d.docker
    .getContainer(node.containerId)
    .logs({ stdout: true, stderr: true, follow: false })
    .catch(() => Buffer.alloc(0));
  return demuxLogFrames(Buffer.isBuffer(raw) ? raw : Buffer.alloc(0));
}

/** Resolve once a booted node's redis-server answers PING from the host; E_REDIS_START if not. */
async function waitBooted(d: DockerDeployment, node: DockerNode): Promise<void> {
  const container = d.docker.getContainer(node.containerId);
  const gone = async () => !(await container.inspect()).State.Running;
  if (await waitAnswers(node.ip, d.redisPort, BOOT_TIMEOUT_MS, gone)) return;
  const output = (await containerLog(d, node)) + ((await gone()) ? '' : await node.logs('redis'));
  throw new RedcheckError(
    'E_REDIS_START',
    `[${node.name}] redis did not answer PING within ${BOOT_TIMEOUT_MS}ms; output:\n` +
      output.trim().split('\n').slice(-15).join('\n'),
    'check the Redis configuration options (persistence, extra config lines)',
  );
}

function elapsed(d: DockerDeployment, phase: string, t0: number): number {
  const now = Date.now();
  d.timings[phase] = now - t0;
  return now;
}

/** Wait for every promise (so nothing still runs when cleanup starts); throw the first error. */
async function allOrFirstError<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
}

/** Host-side addresses the workers' connections start from, one per zone, on the bridge. */
async function addZones(d: DockerDeployment, net: RunNetwork): Promise<void> {
  const zoneIps = topAddresses(net.subnet, d.options.zones);
  const { prefix } = parseCidr(net.subnet);
  for (const [i, ip] of zoneIps.entries()) {
    await addAddress(net.bridge, `${ip}/${prefix}`);
    d.hostAddresses.push(`${ip}/${prefix}`);
    d.zones.push({ name: `c${i + 1}`, ip });
  }
}

/**
 * `cluster`: each container boots its redis-server (the config names no address), and each
 * node joins the cluster, from the host, as soon as it answers PING, so Redis starts and the
 * nodes gossip while the other containers still start. The primaries' containers start first:
 * a primary reports `cluster_state:ok` no sooner than 2 s after it boots (Redis's writable
 * delay), which then runs while the replicas' containers start. Timings are marks:
 * `containers` until the last container started, `redis` from then until the last node
 * answered PING, `form` from then until the cluster was formed.
 */
async function startCluster(
  d: DockerDeployment,
  net: RunNetwork,
  names: readonly string[],
  layout: readonly ShardLayout[],
  t0: number,
): Promise<void> {
  const config = renderRedisConfig(d.options);
  let t = t0;
  const countdown = (phase: string) => {
    let left = names.length;
    return () => {
      if (--left === 0) t = elapsed(d, phase, t);
    };
  };
  const started = countdown('containers');
  const answering = countdown('redis');
  const start = (name: string, after?: Promise<unknown>) =>
    createNode(d, net, name, config, after).then((node) => {
      started();
      return node;
    });
  const primaries = new Map(layout.map((s) => s.nodes[0] ?? '').map((n) => [n, start(n)]));
  const primariesStarted = Promise.allSettled(primaries.values());
  const created = names.map((n) => primaries.get(n) ?? start(n, primariesStarted));
  const ready = new Map(
    names.map((n, i) => [
      n,
      (async () => {
        const node = await (created[i] ?? Promise.reject(new Error(`no node ${n}`)));
        await waitBooted(d, node);
        answering();
        return node;
      })(),
    ]),
  );
  const formed = formCluster(ready, layout);
  // Everything settles before a failure is thrown, so cleanup finds every container.
  await Promise.allSettled([...created, ...ready.values(), formed]);
  const nodes = await allOrFirstError(created);
  d.nodes.push(...nodes);
  d.log(`[cluster] nodes ${nodes.map((n) => `${n.name}=${n.ip}`).join(' ')}`);
  await allOrFirstError([...ready.values()]);
  await formed;
  elapsed(d, 'form', t);
  d.log(`[cluster] formed ${layout.map((s) => `${s.shard}=${s.nodes.join('+')}`).join(' ')}`);
}

/** `standalone`, `replication`, `sentinel`: replicas' configs name the primary's address. */
async function startReplicated(
  d: DockerDeployment,
  net: RunNetwork,
  names: readonly string[],
  t0: number,
): Promise<void> {
  const o = d.options;
  const nodes = await allOrFirstError(names.map((n) => createNode(d, net, n)));
  d.nodes.push(...nodes);
  const t = elapsed(d, 'containers', t0);
  d.log(`[cluster] nodes ${nodes.map((n) => `${n.name}=${n.ip}`).join(' ')}`);
  const primary = nodes[0];
  if (!primary) throw new Error('no nodes');
  await Promise.all(
    nodes.map((n) => prepareNode(n, renderRedisConfig(o, n === primary ? undefined : primary.ip))),
  );
  await primary.start('redis');
  await Promise.all(nodes.slice(1).map((n) => n.start('redis')));
  if (o.topology === 'sentinel') {
    await Promise.all(
      nodes.map(async (n) => {
        await n.writeFile(confPath('sentinel'), renderSentinelConfig(o, primary.ip));
        await n.start('sentinel');
      }),
    );
  }
  elapsed(d, 'redis', t);
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
  // The client zones need only the bridge: their addresses go on while the nodes start.
  const t1 = t;
  await allOrFirstError([
    layout ? startCluster(d, net, names, layout, t1) : startReplicated(d, net, names, t1),
    addZones(d, net).then(() => void elapsed(d, 'zones', t1)),
  ]);
  t = Date.now();
  if (d.zones.length)
    log(`[cluster] client zones ${d.zones.map((z) => `${z.name}=${z.ip}`).join(' ')}`);

  // Nothing is faulted yet, so health is asked from the host: cheap enough to poll every 25 ms.
  const report = await d.waitHealthy(o.healthTimeoutMs, { zones: true, via: 'host' });
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
