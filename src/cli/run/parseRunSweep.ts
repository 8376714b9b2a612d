import { usageError as commandUsageError } from '../parseCommandArgs.js';
import type { RedcheckError } from '../../errors.js';
import type { ScenarioInput } from '../../runner/scenario.js';
import { randomSeed } from '../../common/random.js';
import type { SweepAxis } from '../sweep.js';
import { inputOf, parseRunValues } from './parseRunArgs.js';

const usageError = (message: string): RedcheckError => commandUsageError('run', message);

/** The flags that take a comma-separated list: the run then runs every combination (a sweep). */
export const SWEEP_FLAGS: readonly string[] = [
  'persistence',
  'mode',
  'redis',
  'image',
  'redis-conf',
  'wait-replicas',
  'min-replicas-to-write',
  'min-replicas-max-lag',
];

/** The most runs one sweep may make. */
const MAX_SWEEP_RUNS = 64;

/**
 * Command line -> one scenario input per combination of the list flags' values (`SWEEP_FLAGS`,
 * the last flag varying fastest), all with one seed: the given one, else one drawn here. With
 * no list (every flag one value) it is `parseRunArgs`: one input, no axes, seed untouched.
 */
export function parseRunSweep(argv: string[]): {
  inputs: ScenarioInput[];
  axes: SweepAxis[];
  /** Each input's value of every axis flag. */
  settings: Record<string, string>[];
  json: boolean;
} {
  const values = parseRunValues(argv);
  const axes: SweepAxis[] = [];
  for (const flag of SWEEP_FLAGS) {
    const v = values[flag];
    if (typeof v !== 'string' || !v.includes(',')) continue;
    const items = v.split(',').map((x) => x.trim());
    if (items.includes('')) throw usageError(`--${flag} "${v}": a list with an empty value`);
    const twice = items.find((x, i) => items.indexOf(x) !== i);
    if (twice !== undefined) throw usageError(`--${flag} "${v}": ${twice} is listed twice`);
    axes.push({ flag, values: items });
  }
  let combos: Record<string, string>[] = [{}];
  for (const a of axes)
    combos = combos.flatMap((c) => a.values.map((v) => ({ ...c, [a.flag]: v })));
  if (combos.length > MAX_SWEEP_RUNS) {
    throw usageError(
      `the lists make ${combos.length} runs, more than ${MAX_SWEEP_RUNS}: split the sweep`,
    );
  }
  const parsed = combos.map((c) => inputOf({ ...values, ...c }));
  const json = parsed[0]?.json ?? false;
  const inputs = parsed.map((p) => p.input);
  if (axes.length === 0 || inputs[0]?.seed !== undefined) {
    return { inputs, axes, settings: combos, json };
  }
  const seed = randomSeed();
  return { inputs: inputs.map((i) => ({ ...i, seed })), axes, settings: combos, json };
}
