export type {
  Workload,
  WorkloadOp,
  WriteOp,
  ReadOp,
  CasOp,
  NodeFinalRead,
  WorkloadCheckInput,
} from './workload.js';
export { setWorkload, SET_TAGS, setKeys, type SetState } from './set/index.js';
export {
  registerWorkload,
  REGISTER_KEYS,
  type RegisterState,
  type RegisterCheckResult,
} from './register/index.js';
export { appendWorkload, type AppendState } from './append/index.js';
export { WORKLOADS, WORKLOAD_NAMES, workloadNamed } from './registry.js';
