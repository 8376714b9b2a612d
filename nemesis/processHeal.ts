import type { Node, ProcessRole } from '../src/cluster/types.js';
import type { NemesisContext } from './nemesis.js';
import { nodeNamed } from './nodeTarget.js';
import { waitFor } from './waitFor.js';

/** How long a restarted redis-server may take to come up. */
const UP_TIMEOUT_MS = 15000;

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

/**
 * Start the redis-server of each named node (the stop of a crash-like fault) and wait until
 * all run. `endedAt` is `ctx.now()` just after the start, before the wait; `problem` says
 * which did not come up.
 */
export async function restartRedis(
  ctx: NemesisContext,
  names: readonly string[],
): Promise<{ endedAt: number; up: boolean; problem?: string }> {
  await Promise.all(names.map((n) => nodeNamed(ctx.deployment, n).start('redis')));
  const endedAt = ctx.now();
  const up = await waitFor(
    async () =>
      (await Promise.all(names.map((n) => nodeNamed(ctx.deployment, n).status('redis')))).every(
        (s) => s === 'running',
      ),
    UP_TIMEOUT_MS,
  );
  return up
    ? { endedAt, up }
    : { endedAt, up, problem: `${names.join(',')}: redis-server not running after restart` };
}

/** Heal for crash-like faults: start every redis-server that is down, and say which. */
export async function restartDown(ctx: NemesisContext): Promise<void> {
  const done = await healProcesses(ctx, { resume: false, restart: true });
  if (done.length > 0) ctx.log(`[nemesis] healed: ${done.join(', ')}`);
}
