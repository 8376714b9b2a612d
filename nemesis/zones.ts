/**
 * Which client zones sit "next to" which node. Zone `i` (0-based, in `Deployment.zones`
 * order) belongs with node `i mod n` (in `Deployment.nodes` order): with 3 nodes, c1 is next to
 * n1, c2 to n2, c3 to n3, c4 to n1 again. A partition keeps every zone on its home node's side,
 * so clients next to a cut-off primary keep reaching it. The runner uses the same assignment to
 * place workers (worker -> zone) so that "the primary's clients" is a real set of workers.
 */
export interface ZoneHome {
  readonly zone: string;
  readonly node: string;
}

/** Index of the home node of zone `zoneIndex` among `nodeCount` nodes. */
export function homeNodeIndex(zoneIndex: number, nodeCount: number): number {
  if (!Number.isInteger(nodeCount) || nodeCount <= 0) {
    throw new RangeError(`homeNodeIndex: nodeCount must be a positive integer, got ${nodeCount}`);
  }
  return zoneIndex % nodeCount;
}

/** The home node of each zone, in zone order. */
export function zoneHomes(
  zones: readonly { readonly name: string }[],
  nodes: readonly { readonly name: string }[],
): ZoneHome[] {
  return zones.map((z, i) => ({
    zone: z.name,
    node: (nodes[homeNodeIndex(i, nodes.length)] as { name: string }).name,
  }));
}

/** Names of the zones next to `node`. */
export function zonesNextTo(
  node: string,
  zones: readonly { readonly name: string }[],
  nodes: readonly { readonly name: string }[],
): string[] {
  return zoneHomes(zones, nodes)
    .filter((h) => h.node === node)
    .map((h) => h.zone);
}
