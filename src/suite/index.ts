/** The nightly suite: scenario files with claims and expectations, run, sharded, merged, compared. */
export { CLAIM_IDS } from './claims.js';
export { parseExpectation, evaluateExpectation, ExpectationSyntaxError } from './expectation.js';
export { measure, isKnownMeasure, DERIVED_MEASURES } from './measured.js';
export { loadSuiteScenario } from './scenarioFile.js';
export { planSuite, scenarioFiles, parseShard, shardOf, estimatedMs } from './plan.js';
export type { SuiteCasePlan } from './plan.js';
export { runSuite } from './runSuite.js';
export type { RunOne } from './runSuite.js';
export { mergeSuites } from './merge.js';
export { compareWithBaseline } from './baseline.js';
export { readSuiteResult } from './suiteResult.js';
export type { SuiteResult } from './suiteResult.js';
export { writeSuiteOutputs } from './writeSuiteOutputs.js';
export { suiteJunitXml } from './junit.js';
export { suiteSummaryMarkdown } from './summaryMarkdown.js';
