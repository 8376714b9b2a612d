import type { Node, ProcessRole } from '../src/cluster/types.js';
import type { NemesisContext, StopOutcome } from './nemesis.js';
import { nodeNamed } from './nodeTarget.js';
import { waitFor } from './waitFor.js';

/** How long a restarted redis-server may take to come up. */
const UP_TIMEOUT_MS = 15000;
/** How long a redis-server sent SIGCONT may take to run again. */
const CONT_TIMEOUT_MS = 3000;

/** The process roles a deployment runs on each node. */
export function rolesOf(ctx: NemesisContext): ProcessRole[] {
  return ctx.deployment.masterName === undefined ? ['redis'] : ['redis', 'sentinel'];
}

/**
 * Bring every Redis process of every node back: SIGCONT a stopped one (`resume`), start a
 * down one (`restart`). Never throws; each failure is logged. Returns what it did, as
 * `n1/redis: resumed` lines.
 */
export async function healProcesses(
  ctx: NemesisContext,
  what: { resume: boolean; restart: boolean },
): Promise<string[]> {
  const roles = rolesOf(ctx);
  const jobs = ctx.deployment.nodes.flatMap((node: Node) =>
    roles.map(async (role) => {
      const label = `${node.name}/${role}`;
      try {
        const status = await node.status(role);
        if (status === 'stopped' && what.resume) {
          await node.signal(role, 'CONT');
          return [`${label}: resumed`];
        }
        if (status === 'down' && what.restart) {
          await node.start(role);
          return [`${label}: restarted`];
        }
        return [];
      } catch (e) {
        ctx.log(`[nemesis] warning: healing ${label} failed: ${String(e)}`);
        return [];
      }
    }),
  );
  return (await Promise.all(jobs)).flat();
}

/** How a process fault is undone: `start` a killed redis-server again, `CONT` a stopped one. */
export type ProcessUndo = 'start' | 'CONT';

const UNDO: Record<
  ProcessUndo,
  { act: (node: Node) => Promise<void>; timeoutMs: number; after: string }
> = {
  start: { act: (n) => n.start('redis'), timeoutMs: UP_TIMEOUT_MS, after: 'restart' },
  CONT: { act: (n) => n.signal('redis', 'CONT'), timeoutMs: CONT_TIMEOUT_MS, after: 'SIGCONT' },
};

/**
 * The stop of a process fault: undo it on the redis-server of each named node and wait until
 * all run. `endedAt` is `ctx.now()` just after the undo, before the wait; `problem` says which
 * did not come back; `value` goes into the history as it is.
 */
export async function bringBackRedis(
  ctx: NemesisContext,
  names: readonly string[],
  undo: ProcessUndo,
  value: Readonly<Record<string, unknown>>,
): Promise<StopOutcome> {
  const { act, timeoutMs, after } = UNDO[undo];
  const nodes = names.map((n) => nodeNamed(ctx.deployment, n));
  await Promise.all(nodes.map(act));
  const endedAt = ctx.now();
  const up = await waitFor(
    async () =>
      (await Promise.all(nodes.map((n) => n.status('redis')))).every((s) => s === 'running'),
    timeoutMs,
  );
  return {
    endedAt,
    value,
    verified: up,
    ...(up ? {} : { problem: `${names.join(',')}: redis-server not running after ${after}` }),
  };
}

/**
 * `healAll` of a process fault: undo it on every Redis process of every node it is still in
 * effect on (start the down ones, or CONT the stopped ones), and say which.
 */
export function healRedis(undo: ProcessUndo): (ctx: NemesisContext) => Promise<void> {
  return async (ctx) => {
    const done = await healProcesses(ctx, { resume: undo === 'CONT', restart: undo === 'start' });
    if (done.length > 0) ctx.log(`[nemesis] healed: ${done.join(', ')}`);
  };
}
