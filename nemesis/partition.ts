import type { Deployment } from '../src/cluster/types.js';
import type { FaultKind } from './faultKind.js';
import {
  cutPlan,
  dropScript,
  flushScript,
  installScript,
  removeScript,
  runScript,
} from './iptables.js';
import type { ActiveFault, Nemesis, StopOutcome } from './nemesis.js';
import { eachNode } from './eachNode.js';
import { nodeNamed } from './nodeTarget.js';
import {
  describeGroups,
  groupsValue,
  partitionGroups,
  PARTITION_TARGETS,
  type PartitionGroups,
  type PartitionTarget,
} from './partitionGroups.js';
import type { Random } from '../src/common/random.js';
import { passes, reachFromNode, reachFromZone, type Reach } from './reachability.js';

export function ipResolver(deployment: Deployment): (name: string) => string {
  const ips = new Map<string, string>();
  for (const n of deployment.nodes) ips.set(n.name, n.ip);
  for (const z of deployment.zones) ips.set(z.name, z.ip);
  return (name) => {
    const ip = ips.get(name);
    if (ip === undefined) throw new Error(`partition: no address for '${name}'`);
    return ip;
  };
}

/** A connectivity expectation and what was seen. */
export interface Probe {
  readonly from: string;
  readonly to: string;
  readonly expectPass: boolean;
  readonly run: () => Promise<Reach>;
}

export async function runProbes(probes: readonly Probe[]): Promise<string[]> {
  const seen = await Promise.all(probes.map((p) => p.run()));
  return probes.flatMap((p, i) => {
    const r = seen[i] as Reach;
    return passes(r) === p.expectPass
      ? []
      : [`${p.from} -> ${p.to}: ${r} (expected ${p.expectPass ? 'reachable' : 'cut'})`];
  });
}

/** Probes that a partition is in place: across the cut fails, within a side works. */
export function cutProbes(groups: PartitionGroups, deployment: Deployment): Probe[] {
  const port = deployment.redisPort;
  const ipOf = ipResolver(deployment);
  const fromNode = (from: string, to: string, expectPass: boolean): Probe => ({
    from,
    to,
    expectPass,
    run: () => reachFromNode(nodeNamed(deployment, from), ipOf(to), port),
  });
  const fromZone = (from: string, to: string, expectPass: boolean): Probe => ({
    from,
    to,
    expectPass,
    run: () => reachFromZone(ipOf(from), ipOf(to), port),
  });
  const probes: Probe[] = [];
  const [a, b] = groups.sides;
  for (const [mine, other] of [
    [a, b],
    [b, a],
  ] as const) {
    for (const from of mine.nodes) {
      for (const to of other.nodes) probes.push(fromNode(from, to, false));
      const peer = mine.nodes.find((n) => n !== from);
      if (peer !== undefined) probes.push(fromNode(from, peer, true));
    }
    const target = other.nodes[0];
    const home = mine.nodes[0];
    for (const zone of mine.zones) {
      if (target !== undefined) probes.push(fromZone(zone, target, false));
      if (home !== undefined) probes.push(fromZone(zone, home, true));
    }
  }
  return probes;
}

/** Probes that every node reaches every other node and every zone reaches every node. */
export function meshProbes(deployment: Deployment): Probe[] {
  const port = deployment.redisPort;
  const probes: Probe[] = [];
  for (const from of deployment.nodes) {
    for (const to of deployment.nodes) {
      if (from === to) continue;
      probes.push({
        from: from.name,
        to: to.name,
        expectPass: true,
        run: () => reachFromNode(from, to.ip, port),
      });
    }
  }
  for (const zone of deployment.zones) {
    for (const to of deployment.nodes) {
      probes.push({
        from: zone.name,
        to: to.name,
        expectPass: true,
        run: () => reachFromZone(zone.ip, to.ip, port),
      });
    }
  }
  return probes;
}

/** Check that no partition is in place; returns the paths that are still cut. */
export function checkFullMesh(deployment: Deployment): Promise<string[]> {
  return runProbes(meshProbes(deployment));
}

/** Network partitions by iptables DROP rules inside each node, in the REDCHECK chain. */
export function partitionNemesis(): Nemesis {
  return {
    kind: 'partition',

    async setup(ctx) {
      await Promise.all(ctx.deployment.nodes.map((n) => runScript(n, installScript())));
    },

    async start(target, rng: Random, ctx): Promise<ActiveFault> {
      const { deployment } = ctx;
      const shape = (target ?? 'primary-with-clients') as PartitionTarget;
      const primary =
        shape === 'primary-with-clients' || shape === 'primary-with-one-replica'
          ? (await deployment.currentPrimary())?.name
          : undefined;
      const groups = partitionGroups(
        {
          nodes: deployment.nodes.map((n) => n.name),
          zones: deployment.zones.map((z) => z.name),
          primary,
          target: shape,
        },
        rng,
      );
      const plan = cutPlan(groups, ipResolver(deployment));
      try {
        await Promise.all(
          [...plan].map(([name, ips]) =>
            runScript(nodeNamed(deployment, name), `${installScript()} && ${dropScript(ips)}`),
          ),
        );
      } catch (e) {
        await eachNode(ctx, 'undo partition', (n) => runScript(n, flushScript()));
        throw e;
      }
      const startedAt = ctx.now();
      const problems = await runProbes(cutProbes(groups, deployment));
      return {
        kind: 'partition',
        startedAt,
        target: shape,
        nodes: [...plan.keys()],
        value: { groups: groupsValue(groups), ...(primary ? { primary } : {}) },
        description: describeGroups(groups),
        verified: problems.length === 0,
        ...(problems.length > 0 ? { problem: problems.join('; ') } : {}),
      };
    },

    async stop(fault, ctx): Promise<StopOutcome> {
      await Promise.all(
        fault.nodes.map((name) => runScript(nodeNamed(ctx.deployment, name), flushScript())),
      );
      const endedAt = ctx.now();
      const problems = await checkFullMesh(ctx.deployment);
      return {
        endedAt,
        value: { groups: fault.value['groups'] },
        verified: problems.length === 0,
        ...(problems.length > 0 ? { problem: problems.join('; ') } : {}),
      };
    },

    async healAll(ctx) {
      await eachNode(ctx, 'flush REDCHECK', (n) => runScript(n, flushScript()));
    },

    async teardown(ctx) {
      await eachNode(ctx, 'remove REDCHECK', (n) => runScript(n, removeScript()));
    },
  };
}

/** Network partitions: iptables DROP rules inside the nodes, between two sides. */
export const partitionFault: FaultKind = {
  name: 'partition',
  help: 'cut the nodes (and the client zones next to them) into two sides, by iptables',
  targets: PARTITION_TARGETS,
  nodeName: false,
  defaultTarget: 'primary-with-clients',
  instantaneous: false,
  ops: { start: 'start-partition', stop: 'stop-partition' },
  topologies: ['replication', 'sentinel'],
  minNodes: (target) => (target === 'primary-with-one-replica' ? 3 : 2),
  create: partitionNemesis,
};
