/**
 * Where a socket really goes. A run whose nodes sit on an overlay network the host has no
 * address on reaches them through relays: a connection meant for `host:port` from a zone's
 * `localAddress` is dialled to the relay of that zone instead, which forwards it from the
 * zone's own address on the overlay. Every socket redcheck opens to a node asks `dialTarget`
 * first; with no route registered it is the identity.
 */
export interface Dial {
  readonly host: string;
  readonly port: number;
  /** The source address to bind (a client zone's); undefined: the host's own choice. */
  readonly localAddress?: string | undefined;
}

/** The key of a route: from `localAddress` (or `*`, any) to `host:port`. */
export function dialKey(host: string, port: number, localAddress?: string): string {
  return `${localAddress ?? '*'}>${host}:${port}`;
}

const tables = new Set<ReadonlyMap<string, Dial>>();

/** Register routes (by `dialKey`); the function returned removes them. */
export function addDialRoutes(routes: ReadonlyMap<string, Dial>): () => void {
  tables.add(routes);
  return () => void tables.delete(routes);
}

/** The dial for a socket to `to`: its route when one is registered, else `to` itself. */
export function dialTarget(to: Dial): Dial {
  const key = dialKey(to.host, to.port, to.localAddress);
  for (const t of tables) {
    const hit = t.get(key);
    if (hit) return hit;
  }
  return to;
}
