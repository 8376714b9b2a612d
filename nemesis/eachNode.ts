import type { Node } from '../src/cluster/types.js';
import type { NemesisContext } from './nemesis.js';

/**
 * Run `action` on every node at once; a node where it fails is logged, never thrown: for
 * heals and teardowns, which must reach every node whatever the others do.
 */
export async function eachNode(
  ctx: NemesisContext,
  what: string,
  action: (node: Node) => Promise<unknown>,
): Promise<void> {
  const results = await Promise.allSettled(ctx.deployment.nodes.map(action));
  results.forEach((r, i) => {
    if (r.status === 'rejected') {
      const name = ctx.deployment.nodes[i]?.name ?? '?';
      ctx.log(`[nemesis] warning: ${what} on ${name} failed: ${String(r.reason)}`);
    }
  });
}

/**
 * A nemesis `setup` that checks every node at once for what the fault needs (`check` throws a
 * RedcheckError naming the node and the fix); the run stops before its first fault if one fails.
 */
export function checkEveryNode(
  check: (node: Node) => Promise<void>,
): (ctx: NemesisContext) => Promise<void> {
  return async (ctx) => {
    await Promise.all(ctx.deployment.nodes.map(check));
  };
}
