/** The reports: the run page, the comparison page, the check page, and CI outputs. */
export {
  writeRunReport,
  writeRunOutputs,
  writeJunitXml,
  writeSummaryMarkdown,
} from './writeRunReport.js';
export type { RunOutputs } from './writeRunReport.js';
export { renderRunPage } from './runPage.js';
export { writeCompareReport, renderComparePage, summarizeRun } from './comparePage.js';
export { renderSuitePage } from './suitePage.js';
export type { SuitePageData } from './suitePage.js';
export type { RunJudge, RunJudgement, RunSummary } from './comparePage.js';
export { writeCheckReport, renderCheckReport, storedRunInput } from './checkReport.js';
export type { CheckReportInput } from './checkReport.js';
export { junitXml } from './junit.js';
export { summaryMarkdown } from './summaryMarkdown.js';
export { analyzeHistory } from './analyzeHistory.js';
export type { AnalyzeOptions, HistoryAnalysis, ErrorGroup } from './analyzeHistory.js';
export { partitionEvidence } from './lanes.js';
export type { PartitionEvidence, LinearizabilityPartitions } from './lanes.js';
export { lostWritesOf } from './lostWrites.js';
export { CHECKER_SECTIONS } from './sections/index.js';
export type { CheckerSection, CheckerSections, SectionContext } from './sections/index.js';
export type { LostWrite } from './lostWrites.js';
export type { RunPageData } from './pageData.js';
