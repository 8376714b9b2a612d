/** Public entry of the linearizability checker (Porcupine's algorithm, in TypeScript). */
export { capPartitions, PARTITIONS_SHOWN } from './capPartitions.js';
export { checkLinearizability, isLinearizable } from './checkLinearizability.js';
export { explainLinearizability } from './explain.js';
export { defineModel, ILLEGAL } from './model.js';
export { MODEL_NAMES, MODELS_WITH_INIT, modelByName } from './models/index.js';
export { completedOps } from './operations.js';
export type { CompletedOp, CompletionStatus, Illegal, Model, ModelSpec } from './model.js';
export type { ModelName, ModelOptions } from './models/index.js';
export type { RegisterValue } from './models/register.js';
export type { LinearizabilityOptions } from './options.js';
export type { CappedLinearizabilityResult } from './capPartitions.js';
export type {
  EvidenceOp,
  LinearizabilityEvidence,
  LinearizabilityResult,
  PartitionResult,
  StuckOp,
} from './result.js';
