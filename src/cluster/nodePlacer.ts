import type Docker from 'dockerode';
import type { ResolvedDeploymentOptions } from './deploymentOptions.js';
import type { DockerDeployment, Logger, RunNetwork } from './dockerDeployment.js';
import type { DockerNode } from './dockerNode.js';
import type { FlavorSpec } from './flavor.js';
import type { NodeSite } from './nodeContainers.js';

/**
 * Nodes placed over several engines (`src/cluster/swarm/`): the run's network made where
 * every node can join it, each node on its own engine, and the host's way to the nodes (the
 * client zones) made once the nodes have their addresses. Without one, everything is on the
 * one engine and the host sits on the run's bridge.
 */
export interface NodePlacer {
  /** The run's network. */
  network(d: DockerDeployment): Promise<RunNetwork>;
  /** The engine of node `name`. */
  siteOf(name: string): NodeSite;
  /** Once every node has its address: the host's routes to them, the client zones. */
  reach(d: DockerDeployment, nodes: readonly DockerNode[]): Promise<void>;
  /** The deployment object (its dispose cleans every engine). */
  deployment(
    docker: Docker,
    o: ResolvedDeploymentOptions,
    spec: FlavorSpec,
    log: Logger,
  ): DockerDeployment;
}
