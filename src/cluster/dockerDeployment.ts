import type Docker from 'dockerode';
import type { ResolvedDeploymentOptions } from './deploymentOptions.js';
import type { DockerNode } from './dockerNode.js';
import type { FlavorSpec } from './flavor.js';
import { checkHealth, waitHealthy, type HealthOptions, type HealthReport } from './health.js';
import { delAddress } from './hostNetwork.js';
import { RUN_LABEL } from './labels.js';
import { MASTER_NAME, REDIS_PORT, SENTINEL_PORT, nodeAuth } from './redisConfig.js';
import type { Credentials } from '../client/credentials.js';
import { configSecrets } from './redisConfAuth.js';
import type { ClientZone, ClusterView, Deployment, Topology } from './types.js';
import { shardLayout, type ShardLayout } from './clusterLayout.js';
import { probeNode, viewFrom } from './clusterHealth.js';

/** The run's Docker network and its host side. */
export interface RunNetwork {
  /** Docker network name (same as the bridge). */
  readonly name: string;
  /** Host-side bridge interface, `rc-<short id>`. */
  readonly bridge: string;
  /** `a.b.c.d/p`. */
  readonly subnet: string;
  /** The bridge's own address on the host. */
  readonly gateway: string;
}

export type Logger = (line: string) => void;

/**
 * A deployment of Docker nodes. Beyond the `Deployment` contract it exposes the resolved
 * options, the network, and health checks the runner reuses to settle after faults.
 */
export class DockerDeployment implements Deployment {
  readonly redisPort = REDIS_PORT;
  readonly sentinelPort = SENTINEL_PORT;
  readonly masterName: string | undefined;
  /** The data nodes' credentials (from the redis.conf), or undefined: no password. */
  readonly auth: Credentials | undefined;
  /** Every password of the nodes' config, redacted from their output. */
  readonly secrets: readonly string[];
  readonly nodes: DockerNode[] = [];
  readonly zones: ClientZone[] = [];
  /** Host addresses this deployment added (`ip/prefix`), removed on dispose. */
  readonly hostAddresses: string[] = [];
  network: RunNetwork | undefined;
  /** Ms spent in startDeployment's phases (`network`, `containers`, `redis`, `healthy`, ...). */
  readonly timings: Record<string, number> = {};
  /** `cluster`: the shards as formed (names, nodes, initial slots); undefined otherwise. */
  readonly layout: readonly ShardLayout[] | undefined;
  private disposing: Promise<void> | undefined;
  /** Work still creating Docker objects of this run (helpers): dispose waits for it first. */
  private readonly pending: Promise<unknown>[] = [];
  private unregister: (() => void) | undefined;

  constructor(
    readonly docker: Docker,
    readonly options: ResolvedDeploymentOptions,
    readonly flavor: FlavorSpec,
    /** Progress lines (`[cluster] ...`). */
    readonly log: Logger,
  ) {
    this.masterName = options.topology === 'sentinel' ? MASTER_NAME : undefined;
    this.auth = nodeAuth(options);
    this.secrets = configSecrets([...(options.redisConf ?? []), ...options.extraRedisConfig]);
    this.layout =
      options.topology === 'cluster' ? shardLayout(options.shards, options.replicas) : undefined;
  }

  /** `cluster`: the shards as the nodes see them now (asked over loopback, inside each node). */
  async clusterView(): Promise<ClusterView> {
    const probes = await Promise.all(this.nodes.map((n) => probeNode(n)));
    return viewFrom(probes, this.layout ?? []);
  }

  get runId(): string {
    return this.options.runId;
  }

  get topology(): Topology {
    return this.options.topology;
  }

  /** Track work that creates Docker objects of this run in the background (never rejects). */
  track(work: Promise<unknown>): void {
    this.pending.push(work.catch(() => undefined));
  }

  /** Resolves once every tracked background work has settled. */
  async settled(): Promise<void> {
    await Promise.allSettled(this.pending);
  }

  /** Called by startDeployment once the signal hook is registered. */
  setUnregister(fn: () => void): void {
    this.unregister = fn;
  }

  /** One look at the deployment's health (see `checkHealth`). */
  health(o: HealthOptions = {}): Promise<HealthReport> {
    return checkHealth(this, o);
  }

  /** Poll until healthy or `timeoutMs`; resolves to the last report (problems empty = healthy). */
  waitHealthy(timeoutMs: number, o: HealthOptions = {}): Promise<HealthReport> {
    return waitHealthy(this, timeoutMs, o);
  }

  async currentPrimary(): Promise<DockerNode | undefined> {
    if (this.topology === 'cluster') return undefined;
    if (this.topology === 'sentinel') {
      const answers = await Promise.all(
        this.nodes.map(async (n) => {
          const r = await n.cli('sentinel', ['sentinel', 'get-master-addr-by-name', MASTER_NAME]);
          return r.exitCode === 0 ? r.stdout.split('\n')[0]?.trim() : undefined;
        }),
      );
      const counts = new Map<string, number>();
      for (const a of answers) if (a) counts.set(a, (counts.get(a) ?? 0) + 1);
      let best: string | undefined;
      let bestCount = 0;
      for (const [ip, c] of counts) if (c > bestCount) [best, bestCount] = [ip, c];
      return this.nodes.find((n) => n.ip === best);
    }
    const roles = await Promise.all(
      this.nodes.map(async (n) => {
        const r = await n.cli('redis', ['role']);
        return r.exitCode === 0 && r.stdout.split('\n')[0]?.trim() === 'master';
      }),
    );
    const masters = this.nodes.filter((_, i) => roles[i]);
    return masters.length === 1 ? masters[0] : undefined;
  }

  dispose(): Promise<void> {
    this.disposing ??= this.removeAll();
    return this.disposing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  private async removeAll(): Promise<void> {
    const t0 = Date.now();
    this.log(`[cluster] stopping run ${this.runId}`);
    try {
      // A helper still being created would be missed by the listing below.
      await this.settled();
      const containers = await this.docker.listContainers({
        all: true,
        filters: { label: [`${RUN_LABEL}=${this.runId}`] },
      });
      await Promise.all(
        containers.map((c) =>
          this.docker
            .getContainer(c.Id)
            .remove({ force: true, v: true })
            .catch(() => undefined),
        ),
      );
      const net = this.network;
      if (net) {
        for (const a of this.hostAddresses) await delAddress(net.bridge, a);
      }
      const networks = await this.docker.listNetworks({
        filters: { label: [`${RUN_LABEL}=${this.runId}`] },
      });
      for (const n of networks) {
        await this.docker
          .getNetwork(n.Id)
          .remove()
          .catch(() => undefined);
      }
    } catch (e) {
      this.log(
        `[cluster] dispose of ${this.runId} incomplete: ${String(e)}; run \`redcheck cleanup\``,
      );
    } finally {
      this.unregister?.();
      this.log(`[cluster] stopped run ${this.runId} (${Date.now() - t0} ms)`);
    }
  }
}
