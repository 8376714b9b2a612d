import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { errorMessage, RedcheckError } from '../../errors.js';
import { labelFilter, runLabels } from '../labels.js';
import { ENGINE_IMAGE } from './engineImage.js';
import { parseEngine, type EngineRef } from './engines.js';
import { copyImage } from './copyImage.js';

/** The port each machine's dockerd listens on, in plain HTTP, on the box's internal network. */
export const BOX_ENGINE_PORT = 2375;

/** A "machine" of the box: a container running its own dockerd. */
export interface BoxMachine {
  readonly name: string;
  readonly containerId: string;
  /** The machine's address on the box's network. */
  readonly ip: string;
  /** `tcp://<ip>:2375`, as `--engines` takes it. */
  readonly engine: EngineRef;
  readonly docker: Docker;
}

/** Three (or `machines`) engines joined in one swarm, on this one machine. */
export interface SwarmBox {
  /** The box's run label value (`swarmbox-<hex>`): `redcheck cleanup` finds it by it. */
  readonly id: string;
  /** The project's internal bridge network the machines sit on. */
  readonly network: string;
  /** The machines; the first is the swarm's manager. */
  readonly machines: readonly BoxMachine[];
  /** The swarm's cluster id. */
  readonly clusterId: string;
  /** Milliseconds from the first create to the last image loaded. */
  readonly startMs: number;
  /** `--engines` for the box: the machines' `tcp://` addresses, comma-separated. */
  readonly engines: string;
  /** Remove every machine (with its volume) and the network. */
  dispose(): Promise<void>;
}

export interface SwarmBoxOptions {
  /** How many machines; default 3. */
  machines?: number;
  /** Images of the local engine to load into every machine (`docker save | docker load`). */
  images?: readonly string[];
  log?: (line: string) => void;
}

/** Wait until the engine answers `/_ping`, up to `timeoutMs`. */
async function waitEngine(docker: Docker, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      await docker.ping();
      return;
    } catch (e) {
      last = e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new RedcheckError(
    'E_SETUP_FAILED',
    `${what}: its dockerd did not answer within ${timeoutMs}ms (${errorMessage(last)})`,
    `read its log: \`docker logs ${what}\``,
  );
}

/**
 * What a machine runs: its dockerd, with the inner containers' cgroups nested in the
 * machine's own (the host's engine removes that tree with the machine, so none is left on
 * the host; a cgroup of its own name at the root would outlive it). The path is the memory
 * controller's line of /proc/self/cgroup (cgroup v1), else the unified one (v2).
 */
const DOCKERD = [
  `parent=$(sed -n 's/^[0-9]*:memory://p' /proc/self/cgroup)`,
  `[ -n "$parent" ] || parent=$(sed -n 's/^0:://p' /proc/self/cgroup)`,
  `exec dockerd --host=unix:///var/run/docker.sock --host=tcp://0.0.0.0:${BOX_ENGINE_PORT} --tls=false --cgroup-parent="\${parent%/}/inner"`,
].join('\n');

/**
 * The container config of one machine. `--privileged` is refused on these hosts; what an
 * inner dockerd needs instead: SYS_ADMIN (mounts, namespaces), NET_ADMIN (bridges, iptables,
 * VXLAN), no seccomp, AppArmor or masked /proc and /sys paths, the host's cgroup tree
 * writable, and its own volume for /var/lib/docker (overlay2 cannot stack on overlay2).
 * The API is plain HTTP on port 2375: acceptable only because the box's network is internal
 * (no route off this machine; only this host and the box's own containers reach it).
 */
function machineConfig(id: string, network: string, name: string): Docker.ContainerCreateOptions {
  return {
    name,
    Hostname: name,
    Image: ENGINE_IMAGE,
    Cmd: ['sh', '-c', DOCKERD],
    Labels: runLabels(id),
    Volumes: { '/var/lib/docker': {} },
    StopTimeout: 5,
    HostConfig: {
      Init: true,
      NetworkMode: network,
      CapAdd: ['SYS_ADMIN', 'NET_ADMIN'],
      SecurityOpt: ['seccomp=unconfined', 'apparmor=unconfined'],
      // `--security-opt systempaths=unconfined` in the API: nothing masked, nothing read-only.
      MaskedPaths: [],
      ReadonlyPaths: [],
      Binds: ['/sys/fs/cgroup:/sys/fs/cgroup:rw'],
    },
  };
}

async function startMachine(
  docker: Docker,
  id: string,
  network: string,
  name: string,
): Promise<BoxMachine> {
  const c = await docker.createContainer(machineConfig(id, network, name));
  await c.start();
  const ip = (await c.inspect()).NetworkSettings.Networks[network]?.IPAddress;
  if (!ip) {
    throw new RedcheckError(
      'E_SETUP_FAILED',
      `${name} got no address on ${network}`,
      'check the Docker daemon',
    );
  }
  const engine = parseEngine(`tcp://${ip}:${BOX_ENGINE_PORT}`);
  const inner = new Docker(engine.options);
  await waitEngine(inner, name, 60_000);
  return { name, containerId: c.id, ip, engine, docker: inner };
}

/** Remove the box's containers (and their volumes) and its network; never throws. */
export async function removeBox(docker: Docker, id: string): Promise<void> {
  const filters = labelFilter(id);
  const containers = await docker.listContainers({ all: true, filters }).catch(() => []);
  await Promise.all(
    containers.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true, v: true })
        .catch(() => undefined),
    ),
  );
  for (const n of await docker.listNetworks({ filters }).catch(() => [])) {
    await docker
      .getNetwork(n.Id)
      .remove()
      .catch(() => undefined);
  }
}

/**
 * Start a swarm in a box on the local engine `docker`: an internal network, `machines`
 * containers each running its own dockerd, the first the swarm's manager and the others
 * workers (the local engine never joins a swarm), and `images` loaded into each. On failure
 * everything made so far is removed before the error is thrown.
 */
export async function startSwarmBox(docker: Docker, o: SwarmBoxOptions = {}): Promise<SwarmBox> {
  const log = o.log ?? (() => undefined);
  const count = o.machines ?? 3;
  const id = `swarmbox-${randomBytes(4).toString('hex')}`;
  const t0 = Date.now();
  const labels = runLabels(id);
  try {
    const net = await docker.createNetwork({
      Name: id,
      Driver: 'bridge',
      Internal: true,
      Labels: labels,
    });
    const network = (await net.inspect()).Name;
    log(`[swarm] network ${network} (internal); starting ${count} machines`);
    const machines = await Promise.all(
      Array.from({ length: count }, (_, i) => startMachine(docker, id, network, `${id}-m${i + 1}`)),
    );
    const [manager, ...workers] = machines as [BoxMachine, ...BoxMachine[]];
    await manager.docker.swarmInit({
      ListenAddr: `0.0.0.0:2377`,
      AdvertiseAddr: `${manager.ip}:2377`,
    });
    const swarm = (await manager.docker.swarmInspect()) as {
      ID: string;
      JoinTokens: { Worker: string };
    };
    await Promise.all(
      workers.map((w) =>
        w.docker.swarmJoin({
          ListenAddr: '0.0.0.0:2377',
          AdvertiseAddr: `${w.ip}:2377`,
          RemoteAddrs: [`${manager.ip}:2377`],
          JoinToken: swarm.JoinTokens.Worker,
        }),
      ),
    );
    log(`[swarm] swarm ${swarm.ID}: manager ${manager.name}, ${workers.length} workers`);
    for (const image of o.images ?? []) {
      await Promise.all(machines.map((m) => copyImage(docker, m.docker, image)));
      log(`[swarm] loaded ${image} into every machine`);
    }
    const startMs = Date.now() - t0;
    return {
      id,
      network,
      machines,
      clusterId: swarm.ID,
      startMs,
      engines: machines.map((m) => m.engine.name).join(','),
      dispose: () => removeBox(docker, id),
    };
  } catch (e) {
    await removeBox(docker, id);
    throw e;
  }
}
