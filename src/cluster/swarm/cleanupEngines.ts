import { errorMessage, RedcheckError } from '../../errors.js';
import { cleanupLeftovers, type CleanupOptions, type CleanupReport } from '../cleanupLeftovers.js';
import { connectEngine, type Engine, type EngineRef } from './engines.js';

/**
 * `cleanup --engines`: what runs left on every engine, by label, as `cleanup` does on one.
 * Two passes: a swarm network (the run's overlay, made on a manager) can be removed only once
 * the containers on every engine that used it are gone. Host bridges are this machine's
 * business only (the `local` engine). Every line names its engine. The engines that answer
 * are cleaned even when one does not; then `E_ENGINE_UNREACHABLE` names those that did not.
 */
export async function cleanupEngines(
  refs: readonly EngineRef[],
  o: Omit<CleanupOptions, 'hostBridges'> = {},
): Promise<CleanupReport> {
  const connected = await Promise.allSettled(refs.map((r) => connectEngine(r)));
  const engines: Engine[] = [];
  const unreachable: string[] = [];
  for (const c of connected) {
    if (c.status === 'fulfilled') engines.push(c.value);
    else unreachable.push(errorMessage(c.reason));
  }
  const removed: string[] = [];
  const spared = new Set<string>();
  for (let pass = 0; pass < 2; pass++) {
    await Promise.all(
      engines.map(async (e) => {
        const at = ` on ${e.ref.name}`;
        const r = await cleanupLeftovers(e.docker, {
          ...o,
          hostBridges: e.ref.kind === 'local',
          log: o.log ? (l) => o.log?.(`${l}${at}`) : undefined,
        });
        removed.push(...r.removed.map((x) => `${x}${at}`));
        for (const s of r.spared) spared.add(`${s}${at}`);
      }),
    );
  }
  if (unreachable.length > 0) {
    throw new RedcheckError(
      'E_ENGINE_UNREACHABLE',
      `${unreachable.join('; ')} (removed ${removed.length} objects on the engines that answered)`,
      'start the engine (or fix its address) and run `redcheck cleanup --engines ...` again',
    );
  }
  return { removed, spared: [...spared] };
}
