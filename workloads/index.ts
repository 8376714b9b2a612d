import type { WorkloadName } from '../src/runner/scenario.js';
import { registerWorkload } from './register/index.js';
import { setWorkload } from './set/index.js';
import type { Workload } from './workload.js';

export type {
  Workload,
  WorkloadOp,
  WriteOp,
  ReadOp,
  CasOp,
  NodeFinalRead,
  WorkloadCheckInput,
} from './workload.js';
export { setWorkload, SET_KEY, LIST_KEY, type SetState } from './set/index.js';
export {
  registerWorkload,
  REGISTER_KEYS,
  type RegisterState,
  type RegisterCheckResult,
} from './register/index.js';

/** The workload registry: name -> workload. */
export const WORKLOAD_REGISTRY: Record<WorkloadName, Workload<unknown>> = {
  set: setWorkload,
  register: registerWorkload,
};
