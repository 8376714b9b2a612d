import { cleanupLeftovers, type CleanupOptions, type CleanupReport } from '../cleanupLeftovers.js';
import { connectEngine, type EngineRef } from './engines.js';

/**
 * `cleanup --engines`: what runs left on every engine, by label, as `cleanup` does on one.
 * Two passes: a swarm network (the run's overlay, made on a manager) can be removed only once
 * the containers on every engine that used it are gone. Host bridges are this machine's
 * business only (the `local` engine). Every line names its engine.
 */
export async function cleanupEngines(
  refs: readonly EngineRef[],
  o: Omit<CleanupOptions, 'hostBridges'> = {},
): Promise<CleanupReport> {
  const engines = await Promise.all(refs.map((r) => connectEngine(r)));
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
  return { removed, spared: [...spared] };
}
