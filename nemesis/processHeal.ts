import type { Node, ProcessRole } from '../src/cluster/types.js';
import type { NemesisContext } from './nemesis.js';

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
