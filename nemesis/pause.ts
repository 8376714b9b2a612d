import { NODE_TARGET_WORDS, nodeTargetMinNodes, type FaultKind } from './faultKind.js';
import type { ActiveFault, Nemesis, StopOutcome } from './nemesis.js';
import { nodeNamed, resolveNodeTarget } from './nodeTarget.js';
import { healProcesses } from './processHeal.js';
import { waitFor } from './waitFor.js';

const STATE_TIMEOUT_MS = 3000;

/** SIGSTOP the redis-server of one node (a long GC pause or a hung VM); `stop` SIGCONTs it. */
export function pauseNemesis(): Nemesis {
  return {
    kind: 'pause',
    async setup() {},

    async start(target, rng, ctx): Promise<ActiveFault> {
      const node = await resolveNodeTarget(target, ctx.deployment, rng);
      await node.signal('redis', 'STOP');
      const startedAt = ctx.now();
      const stopped = await waitFor(
        async () => (await node.status('redis')) === 'stopped',
        STATE_TIMEOUT_MS,
      );
      return {
        kind: 'pause',
        target,
        startedAt,
        nodes: [node.name],
        value: { node: node.name },
        description: `${node.name} redis-server paused`,
        verified: stopped,
        ...(stopped ? {} : { problem: `${node.name}: redis-server not in state T after SIGSTOP` }),
      };
    },

    async stop(fault, ctx): Promise<StopOutcome> {
      const nodes = fault.nodes.map((n) => nodeNamed(ctx.deployment, n));
      await Promise.all(nodes.map((n) => n.signal('redis', 'CONT')));
      const endedAt = ctx.now();
      const running = await waitFor(
        async () =>
          (await Promise.all(nodes.map((n) => n.status('redis')))).every((s) => s === 'running'),
        STATE_TIMEOUT_MS,
      );
      return {
        endedAt,
        value: { node: fault.nodes.join(',') },
        verified: running,
        ...(running
          ? {}
          : { problem: `${fault.nodes.join(',')}: redis-server not running after SIGCONT` }),
      };
    },

    async healAll(ctx) {
      const done = await healProcesses(ctx, { resume: true, restart: false });
      if (done.length > 0) ctx.log(`[nemesis] healed: ${done.join(', ')}`);
    },

    async teardown() {},
  };
}

/** SIGSTOP of a node's redis-server (a long GC pause, a hung VM), SIGCONT at the stop. */
export const pauseFault: FaultKind = {
  name: 'pause',
  help: "SIGSTOP a node's redis-server (a hung process), SIGCONT it at the stop",
  targets: NODE_TARGET_WORDS,
  nodeName: true,
  defaultTarget: 'primary',
  instantaneous: false,
  ops: { start: 'pause', stop: 'resume' },
  topologies: ['standalone', 'replication', 'sentinel'],
  minNodes: nodeTargetMinNodes(1),
  create: pauseNemesis,
};
