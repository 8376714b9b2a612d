import type { Random } from '../src/common/random.js';
import type { ActiveFault, Nemesis, NemesisContext } from './nemesis.js';
import { resolveNodeTarget } from './nodeTarget.js';
import { bringBackRedis, healRedis, type ProcessUndo } from './processHeal.js';
import { waitFor } from './waitFor.js';

/** How long a signalled redis-server may take to reach its new state. */
const STATE_TIMEOUT_MS = 3000;

/** A process fault made of one signal: what to send, the state it leads to, how to say it. */
export interface SignalFault {
  readonly kind: string;
  readonly signal: 'KILL' | 'STOP';
  /** The state the redis-server must reach for the fault to count as verified. */
  readonly state: 'down' | 'stopped';
  /** What happened, after the node's name: `redis-server killed`. */
  readonly done: string;
  /** What was seen when the state was not reached, after the node's name. */
  readonly notDone: string;
}

/**
 * Start a one-signal fault (kill, pause) on the node `target` names: send the signal to its
 * redis-server and wait (bounded) until the process is in the fault's state.
 */
export async function startSignalFault(
  fault: SignalFault,
  target: string | undefined,
  rng: Random,
  ctx: NemesisContext,
): Promise<ActiveFault> {
  const node = await resolveNodeTarget(target, ctx.deployment, rng);
  await node.signal('redis', fault.signal);
  const startedAt = ctx.now();
  const verified = await waitFor(
    async () => (await node.status('redis')) === fault.state,
    STATE_TIMEOUT_MS,
  );
  return {
    kind: fault.kind,
    target,
    startedAt,
    nodes: [node.name],
    value: { node: node.name },
    description: `${node.name} ${fault.done}`,
    verified,
    ...(verified ? {} : { problem: `${node.name}: ${fault.notDone}` }),
  };
}

/**
 * The nemesis of a one-signal fault (kill, pause): `start` sends the signal, `stop` undoes it
 * on the node it hit, `healAll` on every node; nothing to set up or tear down.
 */
export function signalNemesis(fault: SignalFault, undo: ProcessUndo): Nemesis {
  return {
    kind: fault.kind,
    async setup() {},
    start: (target, rng, ctx) => startSignalFault(fault, target, rng, ctx),
    stop: (active, ctx) =>
      bringBackRedis(ctx, active.nodes, undo, { node: active.nodes.join(',') }),
    healAll: healRedis(undo),
    async teardown() {},
  };
}
