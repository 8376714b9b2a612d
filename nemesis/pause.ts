import { ONE_NODE_FAULT, type FaultKind } from './faultKind.js';
import type { Nemesis, StopOutcome } from './nemesis.js';
import { nodeNamed } from './nodeTarget.js';
import { healProcesses } from './processHeal.js';
import { startSignalFault } from './signalFault.js';
import { waitFor } from './waitFor.js';

const STATE_TIMEOUT_MS = 3000;

/** SIGSTOP the redis-server of one node (a long GC pause or a hung VM); `stop` SIGCONTs it. */
export function pauseNemesis(): Nemesis {
  return {
    kind: 'pause',
    async setup() {},

    start: (target, rng, ctx) =>
      startSignalFault(
        {
          kind: 'pause',
          signal: 'STOP',
          state: 'stopped',
          done: 'redis-server paused',
          notDone: 'redis-server not in state T after SIGSTOP',
        },
        target,
        rng,
        ctx,
      ),

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
  ...ONE_NODE_FAULT,
  name: 'pause',
  help: "SIGSTOP a node's redis-server (a hung process), SIGCONT it at the stop",
  ops: { start: 'pause', stop: 'resume' },
  create: pauseNemesis,
};
