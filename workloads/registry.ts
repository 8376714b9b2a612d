import { namedRegistry } from '../src/common/namedRegistry.js';
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

const REGISTRY = namedRegistry(
  WORKLOADS,
  'E_UNKNOWN_WORKLOAD',
  (name) => `unknown workload "${name}"`,
);

/** The names of every workload. */
export const WORKLOAD_NAMES: readonly string[] = REGISTRY.names;

/** The workload called `name`; throws E_UNKNOWN_WORKLOAD naming the valid ones. */
export const workloadNamed: (name: string) => Workload = REGISTRY.get;
