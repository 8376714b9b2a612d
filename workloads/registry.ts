import { RedcheckError } from '../src/errors.js';
import { counterWorkload } from './counter/index.js';
import { appendWorkload } from './append/index.js';
import { registerWorkload } from './register/index.js';
import { setWorkload } from './set/index.js';
import type { Workload } from './workload.js';

/** Every workload, in the order help texts list them; the first is the default. */
export const WORKLOADS: readonly Workload[] = [
  setWorkload,
  registerWorkload,
  counterWorkload,
  appendWorkload,
];

const BY_NAME: ReadonlyMap<string, Workload> = new Map(WORKLOADS.map((w) => [w.name, w]));

/** The names of every workload. */
export const WORKLOAD_NAMES: readonly string[] = WORKLOADS.map((w) => w.name);

/** The workload called `name`; throws E_UNKNOWN_WORKLOAD naming the valid ones. */
export function workloadNamed(name: string): Workload {
  const w = BY_NAME.get(name);
  if (w === undefined) {
    throw new RedcheckError(
      'E_UNKNOWN_WORKLOAD',
      `unknown workload "${name}"`,
      `use one of: ${WORKLOAD_NAMES.join(', ')}`,
    );
  }
  return w;
}
