import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type Docker from 'dockerode';
import { errorMessage, isRedcheckError, RedcheckError } from '../errors.js';
import { connectDocker } from './dockerClient.js';
import { DockerDeployment, type Logger, type RunNetwork } from './dockerDeployment.js';
import type { NodePlacer } from './nodePlacer.js';
import type { DockerNode } from './dockerNode.js';
import { resolveDeploymentOptions, type DeploymentOptions } from './deploymentOptions.js';
import { flavorSpec } from './flavor.js';
import { addAddress, linkAddresses, parseCidr, topAddresses, intToIp } from './hostNetwork.js';
import { ensureImage } from './imageBuild.js';
import { formCluster } from './formCluster.js';
import type { ShardLayout } from './clusterLayout.js';
import { imageOnEngine } from './imageOnEngine.js';
import { BRIDGE_LABEL, BRIDGE_PREFIX, OWNER_LABEL, RUN_LABEL } from './labels.js';
import {
  REDIS_PORT,
  renderRedisConfig,
  renderSentinelConfig,
  sentinelMonitorCommands,
} from './redisConfig.js';
import { registerForCleanup } from './shutdown.js';
import { hostCommands, replyText, waitAnswers } from './hostRedis.js';
import { parseInfo } from '../client/parseInfo.js';
import {
  createHelper,
  createNode,
  HELPER_IMAGE,
  waitBooted,
  type NodeBoot,
} from './nodeContainers.js';
import { nodeToolsDir } from './nodeTools.js';
import type { RedisCommand } from '../client/index.js';
import type { ProcessRole } from './types.js';

/** What startDeployment needs besides the options (not serializable, so kept apart). */
export interface DeploymentContext {
  /** Progress lines (`[cluster] ...`); default silent. */
  log?: Logger;
  /** An engine client; default `connectDocker()`. */
  docker?: Docker;
  /** Where the nodes go when not all on `docker` beside the host's bridge (a swarm). */
  place?: NodePlacer;
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

/** What booting the nodes shares: the tools' host directory, the helpers' start. */
interface Boot {
  readonly net: RunNetwork;
  readonly toolsDir: string;
  /** Settles once every node container has been started (or failed to be). */
  readonly nodesStarted: Promise<void>;
  /** Called when every node container has been started (or failed to be). */
  readonly release: () => void;
  readonly place?: NodePlacer | undefined;
}

/**
 * Create and start a node's container; its helper is created once every node container has
 * started (so helpers never slow the nodes' start), in the background: the deployment tracks
 * it (dispose waits for it), and the node's `exec` waits for it.
 */
async function bootNode(
  d: DockerDeployment,
  boot: Boot,
  name: string,
  configs: NodeBoot,
  after?: Promise<unknown>,
): Promise<DockerNode> {
  const site = boot.place?.siteOf(name);
  const node = await createNode(d, boot.net, boot.toolsDir, name, configs, after, site);
  d.track(boot.nodesStarted.then(() => createHelper(d, boot.net, boot.toolsDir, node, site)));
  return node;
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
  boot: Boot,
  names: readonly string[],
  layout: readonly ShardLayout[],
  t0: number,
): Promise<void> {
  const configs = { redisConfig: renderRedisConfig(d.options) };
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
    bootNode(d, boot, name, configs, after).then((node) => {
      started();
      return node;
    });
  const primaries = new Map(layout.map((s) => s.nodes[0] ?? '').map((n) => [n, start(n)]));
  const primariesStarted = Promise.allSettled(primaries.values());
  const created = names.map((n) => primaries.get(n) ?? start(n, primariesStarted));
  void Promise.allSettled(created).then(boot.release);
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

/** Send `commands` to `ip:port` from the host; E_SETUP_FAILED naming the first that failed. */
async function hostCall(
  node: DockerNode,
  role: ProcessRole,
  commands: readonly RedisCommand[],
): Promise<void> {
  const replies = await hostCommands(node.endpoint(role), commands);
  const failed = replies.findIndex((r) => r.error !== undefined);
  if (failed < 0) return;
  throw new RedcheckError(
    'E_SETUP_FAILED',
    `[${node.name}] ${commands[failed]?.join(' ')} failed: ${replies[failed]?.error?.message ?? ''}`,
    'check the node log (`redcheck run --keep`, then `docker logs <container>`)',
  );
}

/** Resolve once `primary` reports `replicas` connected replicas (bounded: 10 s; health says the rest). */
async function waitLinked(primary: DockerNode, replicas: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const [info] = await hostCommands(primary.endpoint('redis'), [['INFO', 'replication']]);
    if (Number(parseInfo(replyText(info)).get('connected_slaves') ?? 0) >= replicas) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * `standalone`, `replication`, `sentinel`: every container boots its server as a primary
 * (and its sentinel, monitoring nothing yet), all at once; as each answers from the host, a
 * replica is pointed at the first node (REPLICAOF, written to its config with CONFIG
 * REWRITE, so a restart keeps it) and each sentinel is given the primary to monitor.
 */
async function startReplicated(
  d: DockerDeployment,
  boot: Boot,
  names: readonly string[],
  t0: number,
): Promise<void> {
  const o = d.options;
  const sentinel = o.topology === 'sentinel';
  const configs: NodeBoot = {
    redisConfig: renderRedisConfig(o),
    ...(sentinel ? { sentinelConfig: renderSentinelConfig(o) } : {}),
  };
  const created = names.map((n) => bootNode(d, boot, n, configs));
  await Promise.allSettled(created);
  boot.release();
  const nodes = await allOrFirstError(created);
  d.nodes.push(...nodes);
  const t = elapsed(d, 'containers', t0);
  d.log(`[cluster] nodes ${nodes.map((n) => `${n.name}=${n.ip}`).join(' ')}`);
  await boot.place?.reach(d, nodes);
  const primary = nodes[0];
  if (!primary) throw new Error('no nodes');
  await allOrFirstError(
    nodes.map(async (n) => {
      await waitBooted(d, n);
      if (n === primary) return;
      await hostCall(n, 'redis', [
        ['REPLICAOF', primary.ip, String(REDIS_PORT)],
        ['CONFIG', 'REWRITE'],
      ]);
    }),
  );
  if (sentinel) {
    // A sentinel learns the replicas from the primary's INFO, asked every 10 s: given the
    // primary once every replica is linked, it sees them all at its first look.
    await waitLinked(primary, nodes.length - 1);
    await allOrFirstError(
      nodes.map(async (n) => {
        if (!(await waitAnswers(n.endpoint('sentinel'), 20_000))) {
          throw new RedcheckError(
            'E_REDIS_START',
            `[${n.name}] the sentinel did not answer PING within 20000ms; its output:\n` +
              (await n.logs('sentinel')).trim().split('\n').slice(-15).join('\n'),
            'check the sentinel options (quorum, timeouts) and the node log',
          );
        }
        await hostCall(n, 'sentinel', sentinelMonitorCommands(o, primary.ip));
      }),
    );
  }
  elapsed(d, 'redis', t);
}

async function setUp(d: DockerDeployment, log: Logger, place?: NodePlacer): Promise<void> {
  const o = d.options;
  const setupStarted = Date.now();
  let t = setupStarted;
  const [net, toolsDir] = await Promise.all([
    place ? place.network(d) : createNetwork(d),
    nodeToolsDir(),
  ]);
  d.network = net;
  t = elapsed(d, 'network', t);
  log(`[cluster] network ${net.name} ${net.subnet} (bridge ${net.bridge}, internal)`);

  const layout = d.layout;
  const count = layout ? layout.reduce((n, s) => n + s.nodes.length, 0) : o.replicas + 1;
  const names = Array.from({ length: count }, (_, i) => `n${i + 1}`);
  let release = (): void => undefined;
  const nodesStarted = new Promise<void>((r) => (release = r));
  const boot: Boot = { net, toolsDir, nodesStarted, release: () => release(), place };
  // The client zones need only the bridge: their addresses go on while the nodes start.
  const t1 = t;
  const started = [
    layout ? startCluster(d, boot, names, layout, t1) : startReplicated(d, boot, names, t1),
    place ? Promise.resolve() : addZones(d, net).then(() => void elapsed(d, 'zones', t1)),
  ];
  await Promise.allSettled(started);
  await allOrFirstError(started);
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
      'look at the node logs (`redcheck run --keep`, then `docker logs <container>`) ' +
        'or raise healthTimeoutMs',
    );
  }
  // The helpers still starting are not waited for: the first exec on a node waits for its own.
  // `helpers`: from the start of setup until every helper ran (may come after `total`).
  void d.settled().then(() => void (d.timings.helpers = Date.now() - setupStarted));
}

/** A user's image must be on the engine already (redcheck never pulls): E_IMAGE_MISSING if not. */
async function checkUserImage(docker: Docker, image: string): Promise<void> {
  if (!(await imageOnEngine(docker, image))) {
    throw new RedcheckError(
      'E_IMAGE_MISSING',
      `image ${image} is not on the Docker engine`,
      `build or load it first (\`docker build -t ${image} .\`, \`docker pull ${image}\` where a registry is reachable, or \`docker load\`), or check the name with \`docker images\``,
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
  // The helpers run redcheck's 7.0 image for its tools, whatever image the nodes run.
  await ensureImage(docker, '7.0', { build: o.buildImage, log });
  if (o.image === spec.image && spec.image !== HELPER_IMAGE) {
    await ensureImage(docker, o.redis, { build: o.buildImage, log });
  } else if (o.image !== spec.image) {
    await checkUserImage(docker, o.image);
  }
  const t0 = Date.now();
  const d =
    context.place?.deployment(docker, o, spec, log) ?? new DockerDeployment(docker, o, spec, log);
  if (o.cleanupOnSignal) d.setUnregister(registerForCleanup(d));
  log(`[cluster] starting ${o.topology} run ${o.runId} (${o.image})`);
  try {
    await setUp(d, log, context.place);
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
