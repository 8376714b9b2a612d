/** The run store: the run folder's layout, the `results.json` schema, and the one reader. */
export {
  createRunDir,
  updateLatest,
  findHistoryFile,
  HISTORY_NAMES,
  RUN_FILES,
  LATEST,
} from './runDir.js';
export type { RunDir } from './runDir.js';
export {
  RESULTS_SCHEMA_VERSION,
  runResultsSchema,
  faultIntervalSchema,
  scenarioSummarySchema,
} from './results.js';
export type { RunResults, ResolvedScenarioSummary, RunPhase, CheckerResults } from './results.js';
export { CHECKER_NAMES, CHECKER_SCHEMAS } from './checkers/index.js';
export type { CheckerName, CheckerResultOf, CheckerUnavailable } from './checkers/index.js';
export { checkerResult, isCheckerUnavailable } from './checkerResult.js';
export { readStoredRun, readRunResults, parseRunResults, runHistoryFile } from './readStoredRun.js';
export type { StoredRun } from './readStoredRun.js';
export { writeResults } from './writeResults.js';
