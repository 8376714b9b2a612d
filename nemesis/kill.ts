import { NODE_TARGET_WORDS, nodeTargetMinNodes, type FaultKind } from './faultKind.js';
import type { ActiveFault, Nemesis, StopOutcome } from './nemesis.js';
import { nodeNamed, resolveNodeTarget } from './nodeTarget.js';
import { healProcesses } from './processHeal.js';
import { waitFor } from './waitFor.js';

/** How long a killed process may take to disappear, and a restarted one to come up. */
const GONE_TIMEOUT_MS = 3000;
const UP_TIMEOUT_MS = 15000;

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
      await Promise.all(names.map((n) => nodeNamed(ctx.deployment, n).start('redis')));
      const endedAt = ctx.now();
      const up = await waitFor(
        async () =>
          (await Promise.all(names.map((n) => nodeNamed(ctx.deployment, n).status('redis')))).every(
            (s) => s === 'running',
          ),
        UP_TIMEOUT_MS,
      );
      return {
        endedAt,
        value: { node: names.join(',') },
        verified: up,
        ...(up ? {} : { problem: `${names.join(',')}: redis-server not running after restart` }),
      };
    },

    async healAll(ctx) {
      const done = await healProcesses(ctx, { resume: false, restart: true });
      if (done.length > 0) ctx.log(`[nemesis] healed: ${done.join(', ')}`);
    },

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
