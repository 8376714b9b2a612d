import type { WorkloadName } from '../src/runner/scenario.js';
import { setWorkload } from './set/index.js';
import type { Workload } from './workload.js';

export type { Workload, WorkloadOp, NodeFinalRead, WorkloadCheckInput } from './workload.js';
export { setWorkload, SET_KEY, LIST_KEY, type SetState } from './set/index.js';

/** The workload registry: name -> workload. */
export const WORKLOAD_REGISTRY: Record<WorkloadName, Workload<unknown>> = {
  set: setWorkload,
};
