import { NODE_TARGET_WORDS, nodeTargetMinNodes, type FaultKind } from './faultKind.js';
import type { ActiveFault, Nemesis, StopOutcome } from './nemesis.js';
import { resolveNodeTarget } from './nodeTarget.js';
import { restartDown, restartRedis } from './processHeal.js';
import { waitFor } from './waitFor.js';

/** How long a killed process may take to disappear. */
const GONE_TIMEOUT_MS = 3000;

/**
 * SIGKILL the redis-server of one node (a crash: no shutdown, no final fsync); `stop` starts
 * it again on the same data directory.
 */
export function killNemesis(): Nemesis {
  return {
    kind: 'kill',
    async setup() {},

    async start(target, rng, ctx): Promise<ActiveFault> {
      const node = await resolveNodeTarget(target, ctx.deployment, rng);
      await node.signal('redis', 'KILL');
      const startedAt = ctx.now();
      const gone = await waitFor(
        async () => (await node.status('redis')) === 'down',
        GONE_TIMEOUT_MS,
      );
      return {
        kind: 'kill',
        target,
        startedAt,
        nodes: [node.name],
        value: { node: node.name },
        description: `${node.name} redis-server killed`,
        verified: gone,
        ...(gone ? {} : { problem: `${node.name}: redis-server still present after SIGKILL` }),
      };
    },

    async stop(fault, ctx): Promise<StopOutcome> {
      const names = fault.nodes;
      const { endedAt, up, problem } = await restartRedis(ctx, names);
      return {
        endedAt,
        value: { node: names.join(',') },
        verified: up,
        ...(problem === undefined ? {} : { problem }),
      };
    },

    healAll: restartDown,

    async teardown() {},
  };
}

/** SIGKILL of a node's redis-server, restarted on the same data when the fault ends. */
export const killFault: FaultKind = {
  name: 'kill',
  help: "SIGKILL a node's redis-server (a crash), restart it on the same data at the stop",
  targets: NODE_TARGET_WORDS,
  nodeName: true,
  defaultTarget: 'primary',
  instantaneous: false,
  ops: { start: 'kill', stop: 'start' },
  topologies: ['standalone', 'replication', 'sentinel'],
  minNodes: nodeTargetMinNodes(1),
  create: killNemesis,
};
