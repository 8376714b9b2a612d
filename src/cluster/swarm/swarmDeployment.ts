import type Docker from 'dockerode';
import { addDialRoutes } from '../../common/dialRoutes.js';
import { RedcheckError } from '../../errors.js';
import { connectDocker } from '../dockerClient.js';
import { DockerDeployment, type Logger, type RunNetwork } from '../dockerDeployment.js';
import type { ResolvedDeploymentOptions } from '../deploymentOptions.js';
import type { FlavorSpec } from '../flavor.js';
import { runLabels } from '../labels.js';
import { nodeToolsDir } from '../nodeTools.js';
import { HELPER_IMAGE, type NodeSite } from '../nodeContainers.js';
import type { NodePlacer } from '../nodePlacer.js';
import { bridgeNameFor, startDeployment, type DeploymentContext } from '../startDeployment.js';
import { resolveDeploymentOptions, type DeploymentOptions } from '../deploymentOptions.js';
import { cleanupEngines } from './cleanupEngines.js';
import { engineDoctor } from './engineDoctor.js';
import type { Engine, EngineRef } from './engines.js';
import { placeNodes, type Placement } from './placement.js';
import { putNodeTools } from './putTools.js';
import { startRelays } from './relay.js';
import { startAttached } from './startAttached.js';

/**
 * A deployment over several engines: its dispose removes the run's containers and networks
 * on every engine (by the run's label, as `cleanup --engines` does) and the host's routes.
 */
export class SwarmDeployment extends DockerDeployment {
  private removing: Promise<void> | undefined;
  /** Removes the host's routes through the relays. */
  unroute: () => void = () => undefined;

  constructor(
    docker: Docker,
    o: ResolvedDeploymentOptions,
    spec: FlavorSpec,
    log: Logger,
    readonly engines: readonly Engine[],
  ) {
    super(docker, o, spec, log);
  }

  override dispose(): Promise<void> {
    this.removing ??= this.removeEverywhere();
    return this.removing;
  }

  private async removeEverywhere(): Promise<void> {
    this.unroute();
    await this.settled();
    try {
      await cleanupEngines(
        this.engines.map((e) => e.ref),
        { runId: this.runId, all: true },
      );
    } catch (e) {
      this.log(
        `[cluster] dispose of ${this.runId} incomplete: ${String(e)}; run \`redcheck cleanup --engines ...\``,
      );
    }
    // The base class unregisters the signal hook in its own dispose (nothing left for it to remove).
    await super.dispose();
  }
}

/** Where the control engine's published ports answer from this process. */
function publishIpOf(ref: EngineRef): string {
  const host = (ref.options as { host?: string }).host;
  return ref.kind === 'tcp' || ref.kind === 'ssh' ? (host ?? '127.0.0.1') : '127.0.0.1';
}

/**
 * The engines of `refs` checked as `doctor --engines` checks them (answering, one swarm with
 * a manager, the node and helper images with one id, loaded where missing; the overlay probe
 * left out), or the first failure as its error (exit 2).
 */
async function checkedEngines(
  refs: readonly EngineRef[],
  image: string,
  log: Logger,
): Promise<{ engines: Engine[]; manager: Engine }> {
  const source = await connectDocker().catch(() => undefined);
  const report = await engineDoctor(refs, {
    images: [...new Set([HELPER_IMAGE, image])],
    probeImage: HELPER_IMAGE,
    overlay: false,
    ...(source ? { source } : {}),
    log,
  });
  const failed = report.checks.find((c) => c.status === 'fail');
  if (failed || !report.engines || !report.manager) {
    throw new RedcheckError(
      failed?.code ?? 'E_ENGINES',
      `--engines: ${failed?.name ?? 'the engines'}: ${failed?.detail ?? 'no swarm manager'}`,
      failed?.fix ?? 'run `redcheck doctor --engines ...`',
    );
  }
  return { engines: report.engines, manager: report.manager };
}

/** What a run over several engines is given (`run --engines`, `--placement`). */
export interface SwarmSpec {
  readonly engines: readonly EngineRef[];
  readonly placement?: Placement;
}

/**
 * The placer of a run over `spec.engines` (see `NodePlacer`): the run's overlay network made
 * on the swarm's manager (attachable, internal), each node and its helper on the engine
 * `placeNodes` gives it with the node tools put in through the API, and one relay per client
 * zone (and one for the host) on the control engine, the first of `--engines`.
 */
export async function swarmPlacer(
  spec: SwarmSpec,
  o: { image: string; topology: string; nodes: number },
  log: Logger,
): Promise<{ place: NodePlacer; control: Docker }> {
  if (o.topology === 'cluster') {
    throw new RedcheckError(
      'E_ENGINES',
      '--engines does not place a Redis Cluster yet',
      'use --topology standalone, replication or sentinel with --engines, or run the cluster on one engine',
    );
  }
  const { engines, manager } = await checkedEngines(spec.engines, o.image, log);
  const control = engines[0] as Engine;
  const names = Array.from({ length: o.nodes }, (_, i) => `n${i + 1}`);
  const where = placeNodes(names, spec.engines, spec.placement);
  const byName = new Map(engines.map((e) => [e.ref.name, e]));
  let toolsDir = '';
  const siteOf = (name: string): NodeSite => {
    const engine = byName.get(where.get(name) ?? '') ?? control;
    return {
      docker: engine.docker,
      start: (config, after) =>
        startAttached(engine.docker, config, {
          beforeStart: async (c) => {
            await putNodeTools(c, toolsDir);
            await after?.catch(() => undefined);
          },
        }),
    };
  };
  const place: NodePlacer = {
    async network(d: DockerDeployment): Promise<RunNetwork> {
      toolsDir = await nodeToolsDir();
      const name = bridgeNameFor(d.runId);
      const labels = runLabels(d.runId);
      const net = await manager.docker.createNetwork({
        Name: name,
        Driver: 'overlay',
        Attachable: true,
        Internal: true,
        Labels: labels,
      });
      const info = (await net.inspect()) as { IPAM?: { Config?: { Subnet?: string }[] } };
      const subnet = info.IPAM?.Config?.find((c) => c.Subnet?.includes('.'))?.Subnet ?? '';
      // The relays' side the host reaches: a plain bridge on the control engine (an engine
      // publishes no port from an internal network), its ports bound to the engine's address.
      await control.docker.createNetwork({
        Name: `${name}-relay`,
        Driver: 'bridge',
        Labels: labels,
      });
      log(
        `[cluster] nodes on ${engines.length} engines: ` +
          names.map((n) => `${n}@${where.get(n) ?? '?'}`).join(' '),
      );
      return { name, bridge: '', subnet, gateway: '' };
    },
    siteOf,
    async reach(d: DockerDeployment, nodes): Promise<void> {
      const relays = await startRelays(
        {
          docker: control.docker,
          publishIp: publishIpOf(control.ref),
          overlay: bridgeNameFor(d.runId),
          bridge: `${bridgeNameFor(d.runId)}-relay`,
          runId: d.runId,
        },
        d.options.zones,
        nodes,
      );
      (d as SwarmDeployment).unroute = addDialRoutes(relays.routes);
      d.zones.push(...relays.zones);
    },
    deployment: (_docker, options, flavor, logger) =>
      new SwarmDeployment(control.docker, options, flavor, logger, engines),
  };
  return { place, control: control.docker };
}

/**
 * `startDeployment` over the engines of `spec` (`run --engines`): the engines checked first
 * (exit 2 naming the engine and the fix), then the deployment as on one engine, with the
 * nodes placed, the network an overlay and the client zones relays (see `swarmPlacer`).
 */
export async function startSwarmDeployment(
  options: DeploymentOptions,
  context: DeploymentContext,
  spec: SwarmSpec,
): Promise<DockerDeployment> {
  const o = resolveDeploymentOptions(options);
  const log = context.log ?? (() => undefined);
  const nodes = o.topology === 'cluster' ? 0 : o.replicas + 1;
  const { place, control } = await swarmPlacer(
    spec,
    { image: o.image, topology: o.topology, nodes },
    log,
  );
  return startDeployment(
    { ...options, runId: o.runId, buildImage: false },
    { ...context, place, docker: control },
  );
}
