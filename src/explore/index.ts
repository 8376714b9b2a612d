/** `redcheck explore`: search a space of scenarios with fast-check and shrink a failure. */
export { explore } from './explore.js';
export type { CandidateFile, ExploreOptions, ExploreRun, ExploreRunner } from './explore.js';
export {
  CANDIDATE_VERDICTS,
  EXPLORE_SCHEMA_VERSION,
  exploreResultSchema,
  readExploreResult,
} from './exploreResult.js';
export type {
  CandidateVerdict,
  ExploreCandidate,
  ExploreResult,
  ExploreRunRecord,
  ExploreStep,
} from './exploreResult.js';
export { parseProperty } from './property.js';
export {
  MAX_FAULTS,
  MIN_FAULT_MS,
  VARY_PARTS,
  exploreSpace,
  faultSpecsFor,
  variedFields,
} from './space.js';
export type { ExploreSpace, VaryPart } from './space.js';
export { SCHEDULE_MARGIN_MS, schedulePart } from './schedulePart.js';
export { stepChanges } from './stepChanges.js';
export { SHORTEN_STEP_MS, singleFaultCandidates } from './oneFault.js';
export type { FaultPart, OneFaultCandidate } from './oneFault.js';
export { exploreJunitXml } from './junit.js';
export { writeExploreOutputs } from './writeExploreOutputs.js';
export type { ExploreOutputs } from './writeExploreOutputs.js';
