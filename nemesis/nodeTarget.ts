import type { Deployment, Node } from '../src/cluster/types.js';
import type { Random } from '../src/common/random.js';

/** The node a process fault hits: `primary` (asked now), `random`, or a node by name. */
export async function resolveNodeTarget(
  target: string | undefined,
  deployment: Deployment,
  rng: Random,
): Promise<Node> {
  const t = target ?? 'primary';
  if (t === 'primary') {
    const p = await deployment.currentPrimary();
    if (p === undefined) throw new Error('no current primary to target');
    return p;
  }
  if (t === 'random') return rng.pick(deployment.nodes);
  const node = deployment.nodes.find((n) => n.name === t);
  if (node === undefined) {
    throw new Error(`no node '${t}' (nodes: ${deployment.nodes.map((n) => n.name).join(', ')})`);
  }
  return node;
}

/** The node named `name`; throws naming the nodes there are. */
export function nodeNamed(deployment: Deployment, name: string): Node {
  const node = deployment.nodes.find((n) => n.name === name);
  if (node === undefined) {
    throw new Error(`no node '${name}' (nodes: ${deployment.nodes.map((n) => n.name).join(', ')})`);
  }
  return node;
}
