import type Docker from 'dockerode';
import { RedcheckError } from '../errors.js';
import type { DockerDeployment, RunNetwork } from './dockerDeployment.js';
import { containerExec } from './containerExec.js';
import { cliAuthWrapper, DockerNode } from './dockerNode.js';
import { flavorSpec } from './flavor.js';
import { waitAnswers } from './hostRedis.js';
import { HELPER_LABEL, NODE_LABEL, runLabels } from './labels.js';
import { NODE_TOOLS } from './nodeTools.js';
import { NODE_PATHS } from './redisConfig.js';

/** How long a booted node's redis-server may take to answer PING. */
const BOOT_TIMEOUT_MS = 20_000;

/** The image whose tools the helpers use (iptables, tc, procps, sh, redis-cli): redcheck's 7.0. */
export const HELPER_IMAGE = flavorSpec('7.0').image;

/** The line the init writes when a server ends (see `docker/init.c`). */
const ENDED = /^redcheck-init: (redis ended: .*|no server binary.*|cannot write.*)$/m;

/** What a node container runs: its configs, and the sentinel's when it has one. */
export interface NodeBoot {
  readonly redisConfig: string;
  readonly sentinelConfig?: string;
}

/**
 * Where a node and its helper go when not on the deployment's own engine (a swarm's member):
 * that engine, and how a container is created and started there with the node tools put in
 * through the API (a remote engine has no host directory to bind-mount). Undefined: the
 * deployment's engine, the tools bind-mounted.
 */
export interface NodeSite {
  readonly docker: Docker;
  /** Create `config` there, put the tools in, wait for `after`, start it. */
  start(config: Docker.ContainerCreateOptions, after?: Promise<unknown>): Promise<Docker.Container>;
}

/**
 * Create and start a node's container (given `after`, start it only once that settles): its
 * PID 1 is redcheck's init, bind-mounted with the other node tools from `toolsDir`, which
 * writes the configs it is given and starts the server (and the sentinel) at once, so Redis
 * comes up while the other containers still start. The image needs only the server binary.
 */
export async function createNode(
  d: DockerDeployment,
  net: RunNetwork,
  toolsDir: string,
  name: string,
  boot: NodeBoot,
  after?: Promise<unknown>,
  site?: NodeSite,
): Promise<DockerNode> {
  const o = d.options;
  const docker = site?.docker ?? d.docker;
  const config: Docker.ContainerCreateOptions = {
    name: `${net.name}-${name}`,
    Hostname: name,
    Image: o.image,
    Entrypoint: [NODE_TOOLS.init],
    Cmd: [],
    User: '0:0',
    Env: [
      `REDCHECK_REDIS_CONF=${boot.redisConfig}`,
      ...(boot.sentinelConfig === undefined
        ? []
        : [`REDCHECK_SENTINEL_CONF=${boot.sentinelConfig}`]),
      `REDCHECK_TRACKER=${NODE_TOOLS.tracker}`,
      ...(o.serverBinary === null ? [] : [`REDCHECK_SERVER=${o.serverBinary}`]),
    ],
    Labels: {
      ...runLabels(d.runId),
      [NODE_LABEL]: name,
    },
    StopTimeout: 1,
    HostConfig: {
      ...(site ? {} : { Binds: [`${toolsDir}:${NODE_TOOLS.mount}:ro`] }),
      NetworkMode: net.name,
      // A size-limited data directory that a disk-full fault can fill (never the host's disk).
      ...(o.dataDirSize === null
        ? {}
        : { Tmpfs: { [NODE_PATHS.dataDir]: `size=${o.dataDirSize}` } }),
    },
    NetworkingConfig: { EndpointsConfig: { [net.name]: { Aliases: [name] } } },
  };
  let container: Docker.Container;
  if (site) container = await site.start(config, after);
  else {
    container = await docker.createContainer(config);
    await after?.catch(() => undefined);
    await container.start();
  }
  const info = await container.inspect();
  const ip = info.NetworkSettings.Networks[net.name]?.IPAddress;
  const node = new DockerNode(docker, name, ip ?? '', container.id, d.auth, d.secrets);
  if (!info.State.Running) throw await bootError(d, node, info.State.ExitCode);
  if (!ip) {
    throw new RedcheckError(
      'E_SETUP_FAILED',
      `node ${name} got no address on ${net.name}`,
      'check the Docker daemon',
    );
  }
  return node;
}

/**
 * Create and start the node's helper: redcheck's tools image in the node's network and PID
 * namespaces (NET_ADMIN for iptables and tc), where every fault and every in-node question
 * runs. Hands its id to the node; never rejects (a failure is handed over instead).
 */
/**
 * A container of the tools image idling as root with NET_ADMIN, the shape of every helper a
 * run starts (a node's fault helper, a swarm relay): `hostConfig` says where it lives.
 */
export function idleToolsContainer(
  name: string,
  labels: Record<string, string>,
  hostConfig: Docker.HostConfig,
): Docker.ContainerCreateOptions {
  return {
    name,
    Image: HELPER_IMAGE,
    Entrypoint: ['sleep'],
    Cmd: ['infinity'],
    User: '0:0',
    // The tools image preloads its own fsync tracker; the helper's processes need none.
    Env: ['LD_PRELOAD='],
    Labels: labels,
    StopTimeout: 1,
    HostConfig: { CapAdd: ['NET_ADMIN'], ...hostConfig },
  };
}

export async function createHelper(
  d: DockerDeployment,
  net: RunNetwork,
  toolsDir: string,
  node: DockerNode,
  site?: NodeSite,
): Promise<void> {
  const docker = site?.docker ?? d.docker;
  let created: Docker.Container | undefined;
  try {
    const config = idleToolsContainer(
      `${net.name}-${node.name}-helper`,
      { ...runLabels(d.runId), [HELPER_LABEL]: node.name },
      {
        NetworkMode: `container:${node.containerId}`,
        PidMode: `container:${node.containerId}`,
        ...(site ? {} : { Binds: [`${toolsDir}:${NODE_TOOLS.mount}:ro`] }),
      },
    );
    let container: Docker.Container;
    if (site) container = await site.start(config);
    else {
      container = created = await docker.createContainer(config);
      await container.start();
    }
    if (node.auth !== undefined) {
      const r = await containerExec(docker, container.id, ['sh', '-c', cliAuthWrapper(node.auth)]);
      if (r.exitCode !== 0) throw new Error(`writing its redis-cli wrapper: ${r.stderr.trim()}`);
    }
    node.helperStarted(container.id);
  } catch (e) {
    // A helper made but not started (its node already gone: a run stopped during setup) is
    // removed here; a cleanup that listed before it existed would not see it.
    await created?.remove({ force: true }).catch(() => undefined);
    node.helperStarted(
      new RedcheckError(
        'E_SETUP_FAILED',
        `[${node.name}] its helper container (${HELPER_IMAGE}) did not start: ${String(e)}`,
        'check the Docker daemon and the helper image (`redcheck image build --redis 7.0`)',
      ),
    );
  }
}

/** E_REDIS_START for a node whose server did not come up, with the node's own output and the fix. */
async function bootError(
  d: DockerDeployment,
  node: DockerNode,
  containerExit?: number,
): Promise<RedcheckError> {
  const output = await node.output();
  const ended = ENDED.exec(output)?.[1];
  const what =
    ended !== undefined
      ? `ended at start (${ended})`
      : containerExit !== undefined
        ? `exited at start (exit ${containerExit})`
        : `did not answer PING within ${BOOT_TIMEOUT_MS}ms`;
  return new RedcheckError(
    'E_REDIS_START',
    `[${node.name}] the server in ${d.options.image} ${what}; its output:\n` +
      (output.trim().split('\n').slice(-15).join('\n') || '(none)'),
    ended?.startsWith('no server binary')
      ? 'name the server binary inside the image with --server-binary <path> (it must be on the image, executable)'
      : 'check the config the server refused (the lines named above: --redis-conf, --redis-config, the persistence preset)',
  );
}

/**
 * Resolve once a booted node's redis-server answers PING from the host; E_REDIS_START with
 * the node's own output when the container ended, the server ended, or it never answered.
 */
export async function waitBooted(d: DockerDeployment, node: DockerNode): Promise<void> {
  const container = node.docker.getContainer(node.containerId);
  const gone = async () =>
    !(await container.inspect()).State.Running || ENDED.test(await node.output());
  if (await waitAnswers(node.endpoint('redis'), BOOT_TIMEOUT_MS, gone)) return;
  throw await bootError(d, node);
}
