import { formatEndpoint, type Endpoint } from './endpoint.js';
import type { Target } from './target.js';

/** `standalone` and `replication`: the primary never moves, so there is nothing to ask. */
export function fixedTarget(primary: Endpoint, replicas: readonly Endpoint[] = []): Target {
  return {
    description: `fixed ${formatEndpoint(primary)}`,
    primary: () => Promise.resolve(primary),
    replicas: () => Promise.resolve([...replicas]),
    invalidate: () => undefined,
  };
}
