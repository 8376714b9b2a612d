/**
 * redcheck's public API: the pieces a program (or another harness) can use on its own.
 * Named exports only; internals stay behind their modules.
 */

// History: the op type, readers, writers, importers and exporters.
export type { Op, OpType, Process, History, ClientOp } from './history/op.js';
export { OP_TYPES, isNemesis, isClientOp } from './history/op.js';
export { pairOps, OpPairer } from './history/pairOps.js';
export type { OpPairs, PairHandler } from './history/pairOps.js';
export { faultIntervals, activeFaults, DEFAULT_FAULT_OPS } from './history/faultInterval.js';
export type { FaultInterval, FaultOpNames } from './history/faultInterval.js';
export { HistoryWriter, readHistory, streamHistory } from './history/jsonl.js';
export { loadHistory, HISTORY_FORMATS } from './history/load.js';
export type { HistoryFormat, HistoryFormatOption, LoadedHistory } from './history/load.js';
export { parseJepsenEdn, toJepsenEdn } from './history/jepsen.js';
export { parsePorcupineEtcdLog, parsePorcupineKv } from './history/porcupine.js';

// Checkers: verdicts, linearizability, set, stats.
export type { Validity, CheckResult } from './checker/verdict.js';
export { mergeValidity, exitCodeFor } from './checker/verdict.js';
export {
  checkLinearizability,
  isLinearizable,
  explainLinearizability,
  defineModel,
  modelByName,
  MODEL_NAMES,
  ILLEGAL,
} from './checker/linearizability/index.js';
export type {
  LinearizabilityOptions,
  LinearizabilityResult,
  Model,
  ModelSpec,
} from './checker/linearizability/index.js';
export { checkSet } from './checker/set.js';
export type { SetCheckInput, SetCheckResult } from './checker/set.js';
export { checkStats } from './checker/stats.js';
export type { StatsResult } from './checker/stats.js';

// Running scenarios against real Redis in Docker.
export { runScenario } from './runner/runScenario.js';
export type { RunScenarioOptions, RunScenarioResult } from './runner/runScenario.js';
export { resolveScenario, rerunCommand } from './runner/scenario.js';
export type { ScenarioInput, ResolvedScenario } from './runner/scenario.js';
export { checkHistory } from './runner/checkHistory.js';
export type { CheckHistoryInput, CheckHistoryOutput } from './runner/checkHistory.js';
export { recheckRun } from './runner/recheckRun.js';
export type { RecheckOutcome } from './runner/recheckRun.js';

// The run store: layout, results.json schema, the one reader.
export {
  readStoredRun,
  writeResults,
  createRunDir,
  runResultsSchema,
  RESULTS_SCHEMA_VERSION,
} from './store/index.js';
export type { RunResults, StoredRun, RunDir } from './store/index.js';

// Registries: fault kinds and workloads (a new one is a module plus one line).
export { FAULT_KINDS, faultKind } from '../nemesis/index.js';
export type { FaultKind, FaultOption, Nemesis } from '../nemesis/index.js';
export { WORKLOADS, workloadNamed } from '../workloads/index.js';
export type { Workload } from '../workloads/index.js';
export { startDeployment, cleanupLeftovers, ensureImage, runDoctor } from './cluster/index.js';
export type { Deployment, Node, ClientZone, Topology, Persistence } from './cluster/types.js';
export { createMode, MODE_NAMES, Session, fixedTarget, sentinelTarget } from './client/index.js';
export type { Mode, ModeName, Outcome, Target } from './client/index.js';

// Reports.
export { writeRunReport, writeCompareReport, writeCheckReport } from '../reports/index.js';

// Errors.
export { RedcheckError, isRedcheckError, errorMessage, EXIT, EXIT_ERROR } from './errors.js';
export type { ErrorCode, ExitCode } from './errors.js';
