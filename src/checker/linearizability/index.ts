/**
 * Public entry of the linearizability checker (Porcupine's algorithm, in TypeScript).
 *
 * ## Which histories take which path
 *
 * Each partition (a key, or the whole history) is decided one of two ways:
 *
 * - **Unique values, by reads-from** (`uniqueValues.ts`, O(n log n), no search, no budget
 *   needed): models `cas-register` and `etcd`, when no value is written twice in the partition
 *   (the initial value counts as written), it has under 2^21 ops, and, for `etcd`, no cas
 *   failed (a failed cas only says "not v"). redcheck's own register runs are of this kind: every write and cas writes a
 *   fresh value. `info` ops whose value nobody observed are left out; a read pins the write it
 *   saw. The result counts these partitions in `uniqueValuePartitions`.
 * - **General search** (`partitionSearch.ts`, Porcupine's depth-first search with its cache,
 *   within the time and memory budgets): everything else, i.e. the kv models, and register
 *   histories where values repeat (most foreign Jepsen and Porcupine histories), or when
 *   `uniqueValues: false`.
 *
 * Both give the same verdict where both apply (property-tested), and the same evidence shape:
 * the longest linearizable prefix and the ops that cannot follow it.
 */
export { capPartitions, PARTITIONS_SHOWN } from './capPartitions.js';
export {
  checkLinearizability,
  checkLinearizabilityStreamed,
  isLinearizable,
  type HistoryReplay,
} from './checkLinearizability.js';
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
