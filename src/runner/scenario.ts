/**
 * The scenario: what a user writes (`ScenarioInput`, checked by `parseScenarioInput`), the one
 * place that fills every default (`resolveScenario`), the bounds of its numbers and the command
 * that re-runs it. Each lives in its own file under `scenario/`; this module is their entry.
 */
export { READ_FROM, type ReadFrom, type ScenarioInput } from './scenario/scenarioInput.js';
export type { ResolvedScenario, ScheduleJson } from './scenario/resolvedScenario.js';
export { parseScenarioInput, scenarioInputSchema } from './scenario/parseScenarioInput.js';
export { resolveScenario } from './scenario/resolveScenario.js';
export { SCENARIO_LIMITS, scenarioLimitsHelp } from './scenario/scenarioLimits.js';
export { rerunCommand } from './scenario/rerunCommand.js';
