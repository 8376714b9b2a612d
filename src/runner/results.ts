export type { RunResults, ResolvedScenarioSummary } from '../store/results.js';
export type { FaultInterval as FaultRecord } from '../history/faultInterval.js';
