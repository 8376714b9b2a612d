import type Docker from 'dockerode';
import { errorMessage } from '../../errors.js';

/** The engine's words when a swarm manager did not hand out a network attachment in time. */
const ATTACH_TIMEOUT = /context deadline exceeded|attaching to network failed|could not attach/i;

/**
 * Create and start a container on a swarm's attachable overlay network. A worker asks the
 * manager for each attachment, and a loaded manager can miss the engine's deadline (`context
 * deadline exceeded`): the container is removed and made again, up to `tries` times in all.
 * Any other error is thrown at once. `beforeStart` runs on each created container (e.g. to
 * put files into it).
 */
export async function startAttached(
  docker: Docker,
  config: Docker.ContainerCreateOptions,
  o: { tries?: number; beforeStart?: (c: Docker.Container) => Promise<void> } = {},
): Promise<Docker.Container> {
  const tries = o.tries ?? 3;
  for (let attempt = 1; ; attempt++) {
    const c = await docker.createContainer(config);
    try {
      await o.beforeStart?.(c);
      await c.start();
      return c;
    } catch (e) {
      await c.remove({ force: true }).catch(() => undefined);
      if (attempt >= tries || !ATTACH_TIMEOUT.test(errorMessage(e))) throw e;
    }
  }
}
