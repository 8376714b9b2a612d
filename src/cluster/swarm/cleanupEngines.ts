import { errorMessage, RedcheckError } from '../../errors.js';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  cleanupLeftovers,
  ownerAlive,
  type CleanupOptions,
  type CleanupReport,
} from '../cleanupLeftovers.js';
import { OWNER_LABEL, labelFilter } from '../labels.js';
import { connectEngine, type Engine, type EngineRef } from './engines.js';

/**
 * `cleanup --engines`: what runs left on every engine, by label, as `cleanup` does on one.
 * Passes until no labelled network is left (at most ~20 s): a swarm network (the run's
 * overlay, made on a manager) can be removed only once the containers on every engine that
 * used it are gone, and the swarm learns that a moment later. Host bridges are this machine's
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
  const deadline = Date.now() + 20_000;
  for (let pass = 0; pass < 2 || (await networksLeft(engines, o)) > 0; pass++) {
    if (pass >= 2) {
      if (Date.now() > deadline) break;
      await sleep(500);
    }
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

/** Labelled networks still listed on the engines, leaving out those a live run owns (unless `all`). */
async function networksLeft(engines: readonly Engine[], o: CleanupOptions): Promise<number> {
  const filter = labelFilter(o.runId);
  const lists = await Promise.all(
    engines.map((e) => e.docker.listNetworks({ filters: filter }).catch(() => [])),
  );
  return lists.flat().filter((n) => o.all || ownerAlive(n.Labels?.[OWNER_LABEL]) === undefined)
    .length;
}
