/** The reports: the run page, the comparison page, the check page, and CI outputs. */
export { writeRunReport, writeRunOutputs } from './writeRunReport.js';
export { writeCompareReport, renderComparePage, summarizeRun } from './comparePage.js';
export { renderSuitePage } from './suitePage.js';
export type { RunJudge } from './comparePage.js';
export { writeCheckReport } from './checkReport.js';
export { junitXml } from './junit.js';
export { summaryMarkdown } from './summaryMarkdown.js';
export { analyzeHistory } from './analyzeHistory.js';
