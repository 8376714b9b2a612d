import { Interrupted } from '../interruption.js';
import type { RunContext } from '../runContext.js';

/** Heal: end every fault of every kind on every node, and remove what the nemesis installed. */
export async function heal(run: RunContext): Promise<void> {
  await healFaults(run);
  const why = run.stop.reason();
  if (why !== undefined) throw new Interrupted(why);
}

/** End every fault and tear the nemesis down, once; never throws. */
export async function healFaults(run: RunContext): Promise<void> {
  if (run.driver === undefined || run.healed) return;
  await run.driver.healAll();
  await run.driver.teardown();
  run.healed = true;
}
