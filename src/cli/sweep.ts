import { basename } from 'node:path';
import { renderComparePage, summarizeRun } from '../../reports/index.js';
import { prepareOutputFolder, writeOutputFolder } from '../common/writeOutputFolder.js';
import { errorMessage, isRedcheckError } from '../errors.js';
import { runScenario, type RunScenarioResult } from '../runner/runScenario.js';
import { resolveScenario, type ResolvedScenario, type ScenarioInput } from '../runner/scenario.js';
import { judgeRun } from './judgeRun.js';

/** One sweep axis: a list flag and its values in the order given. */
export interface SweepAxis {
  readonly flag: string;
  readonly values: readonly string[];
}

/** How bad an exit code is: error (2), then invalid (1), then unknown (3), then valid (0). */
const SEVERITY: Readonly<Record<number, number>> = { 0: 0, 3: 1, 1: 2, 2: 3 };

/** The worst of the runs' exit codes (0 when there are none). */
export function worstExitCode(codes: readonly number[]): number {
  return codes.reduce((w, c) => ((SEVERITY[c] ?? 3) > (SEVERITY[w] ?? 3) ? c : w), 0);
}

/** `persistence aof-always · mode wait`: the axes' values of one run. */
export function settingLabel(
  axes: readonly SweepAxis[],
  flags: Readonly<Record<string, string>>,
): string {
  return axes.map((a) => `${a.flag} ${flags[a.flag] ?? '?'}`).join(' · ');
}

/** What one run of a sweep came to. */
export interface SweepRun {
  readonly setting: string;
  readonly exitCode: number;
  readonly result?: RunScenarioResult;
  readonly error?: string;
}

/** Each combination's resolved scenario; throws (exit 2) on the first bad value, before any run. */
export function resolveSweep(inputs: readonly ScenarioInput[]): ResolvedScenario[] {
  return inputs.map((i) => resolveScenario(i));
}

/**
 * Run every combination of a sweep in turn (resolved first, so a bad value stops it before
 * Docker starts), store each as one run, then write one comparison page beside them in the
 * store. A run that errors is reported and the sweep goes on; an interrupted run (Ctrl-C)
 * ends it. Resolves to the worst exit code.
 */
export async function runSweep(
  inputs: readonly ScenarioInput[],
  axes: readonly SweepAxis[],
  /** Each input's value of every axis flag, as the command line gave it. */
  settings: readonly Readonly<Record<string, string>>[],
  o: { json: boolean; runOne?: typeof runScenario },
): Promise<number> {
  const scenarios = resolveSweep(inputs);
  // Every run's store is checked before the first one starts.
  for (const store of new Set(scenarios.map((s) => s.store))) prepareOutputFolder(store, '--store');
  const runOne = o.runOne ?? runScenario;
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const first = scenarios[0];
  log(
    `[sweep] ${scenarios.length} runs, seed ${first?.seed ?? '?'}: ` +
      axes.map((a) => `--${a.flag} ${a.values.join(',')}`).join(' '),
  );
  const runs: SweepRun[] = [];
  for (const [i, scenario] of scenarios.entries()) {
    const setting = settingLabel(axes, settings[i] ?? {});
    log(`[sweep] run ${i + 1}/${scenarios.length}: ${setting}`);
    try {
      const result = await runOne({
        scenario,
        progress: o.json && !process.stderr.isTTY ? null : process.stderr,
      });
      runs.push({ setting, exitCode: result.exitCode, result });
      if (result.results.interrupted) {
        log(`[sweep] interrupted: the remaining ${scenarios.length - i - 1} runs are not made`);
        break;
      }
    } catch (e) {
      const error = isRedcheckError(e) ? `${e.code}: ${e.message}` : errorMessage(e);
      log(`[sweep] run ${i + 1} (${setting}) failed: ${error}`);
      runs.push({ setting, exitCode: 2, error });
    }
  }
  const stored = runs.flatMap((r) => (r.result ? [r.result.runDir] : []));
  let page: string | undefined;
  if (stored.length > 0 && first) {
    const summaries = [];
    for (const dir of stored) summaries.push(await summarizeRun(dir, judgeRun));
    const name = `compare-${basename(stored[0] ?? 'sweep')}.html`;
    const content = renderComparePage(summaries);
    page = writeOutputFolder(first.store, { page: { name, content } }, '--store').page;
  }
  const exitCode = worstExitCode(runs.map((r) => r.exitCode));
  if (o.json) {
    console.log(
      JSON.stringify(
        {
          exitCode,
          page: page ?? null,
          runs: runs.map((r) => ({
            setting: r.setting,
            exitCode: r.exitCode,
            ...(r.result ? { runDir: r.result.runDir, results: r.result.results } : {}),
            ...(r.error === undefined ? {} : { error: r.error }),
          })),
        },
        null,
        2,
      ),
    );
  } else {
    const lines = [`sweep of ${runs.length} runs, seed ${first?.seed ?? '?'}: exit ${exitCode}`];
    for (const r of runs) {
      const res = r.result?.results;
      lines.push(
        res
          ? `  ${r.setting}: valid ${String(res.valid)}  ${r.result?.summary[0] ?? ''}  ${r.result?.runDir ?? ''}`
          : `  ${r.setting}: error: ${r.error ?? ''}`,
      );
    }
    if (page) lines.push(`  comparison: ${page}`);
    console.log(lines.join('\n'));
  }
  return exitCode;
}
