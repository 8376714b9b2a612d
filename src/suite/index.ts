/** The nightly suite: scenario files with claims and expectations, run, sharded, merged, compared. */
export { CLAIMS, CLAIM_IDS, isClaimId } from './claims.js';
export type { ClaimId } from './claims.js';
export {
  parseExpectation,
  evaluateExpectation,
  outcomeText,
  ExpectationSyntaxError,
} from './expectation.js';
export type { Expectation, ExpectationOutcome, Holds, Measure } from './expectation.js';
export {
  measure,
  isKnownMeasure,
  knownMeasures,
  DERIVED_MEASURES,
  CHECKER_MEASURES,
} from './measured.js';
export { loadSuiteScenario, DEFAULT_EXPECTATION } from './scenarioFile.js';
export type { SuiteScenario } from './scenarioFile.js';
export { planSuite, scenarioFiles, parseShard, shardOf, estimatedMs } from './plan.js';
export type { Shard, SuiteCasePlan } from './plan.js';
export { runSuite } from './runSuite.js';
export type { RunOne, RunSuiteOptions } from './runSuite.js';
export { mergeSuites } from './merge.js';
export type { ShardResult } from './merge.js';
export { compareWithBaseline, noiseOf, TRACKED } from './baseline.js';
export {
  readSuiteResult,
  suiteResultSchema,
  suiteExitCode,
  SUITE_SCHEMA_VERSION,
  STATUSES,
} from './suiteResult.js';
export type { SuiteResult, SuiteCase, SuiteRun, Status } from './suiteResult.js';
export { writeSuiteOutputs } from './writeSuiteOutputs.js';
export type { SuiteOutputs } from './writeSuiteOutputs.js';
export { suiteJunitXml } from './junit.js';
export { suiteSummaryMarkdown } from './summaryMarkdown.js';
