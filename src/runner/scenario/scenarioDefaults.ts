import { resolveScenario } from './resolveScenario.js';
import type { ScenarioInput } from './scenarioInput.js';

/** The fields that make a run's kind: the defaults of the others depend on them. */
const KIND = ['topology', 'mode', 'workload'] as const;

/**
 * The defaults the resolver gives a run of this kind: a scenario naming only the run's
 * topology, mode and workload, resolved (a cluster's replicas, a wait run's op timeout follow
 * from them), without the seed, which is drawn anew. A kind that does not resolve on its own
 * falls back to the empty scenario's defaults. The run page shows what differs from these.
 */
export function scenarioDefaults(
  scenario: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const input: ScenarioInput = {};
  for (const k of KIND) {
    const v = scenario[k];
    if (typeof v === 'string') input[k] = v;
  }
  let resolved: Record<string, unknown>;
  try {
    resolved = { ...resolveScenario(input) };
  } catch {
    // e.g. waitaof with the default persistence: the empty scenario's defaults instead.
    resolved = { ...resolveScenario({}) };
  }
  delete resolved.seed;
  return resolved;
}
