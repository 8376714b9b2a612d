/**
 * Run a suite's cases one after another, each as `redcheck run` does, and judge each by its
 * expectations. The function that runs one scenario is injected, so the suite's own logic is
 * tested without Docker.
 */
import { relative } from 'node:path';
import { errorMessage, isRedcheckError } from '../errors.js';
import {
  resolveScenario,
  rerunCommand,
  type ResolvedScenario,
  type ScenarioInput,
} from '../runner/scenario.js';
import type { RunResults } from '../store/index.js';
import {
  evaluateExpectation,
  outcomeText,
  type ExpectationOutcome,
  type Measure,
} from './expectation.js';
import { measure } from './measured.js';
import type { Shard, SuiteCasePlan } from './plan.js';
import { spreadOf } from './spread.js';
import {
  SUITE_SCHEMA_VERSION,
  suiteExitCode,
  worstStatus,
  type Status,
  type SuiteCase,
  type SuiteResult,
  type SuiteRun,
} from './suiteResult.js';

/** Runs one resolved scenario to its stored results (`runScenario` in production). Throws on a run error. */
export type RunOne = (
  scenario: ResolvedScenario,
) => Promise<{ runDir: string; results: RunResults }>;

export interface RunSuiteOptions {
  /** Every case of the whole suite, in order (the plan a merge must cover). */
  plan: readonly SuiteCasePlan[];
  /** The cases this invocation runs (the shard's slice, or all of `plan`). */
  cases: readonly SuiteCasePlan[];
  shard: Shard | null;
  /** Runs per case, each with its own seed. Default 1. */
  repeat?: number;
  /** Scenario fields laid over every scenario's own (the run store, a shorter time limit). */
  overrides?: ScenarioInput;
  /** Folder of `suite.json`: run pages are linked relative to it. */
  outDir: string;
  runOne: RunOne;
  log?: (line: string) => void;
  /** Injected clock for tests. Default `Date.now`. */
  now?: () => number;
}

/** The seed of run `r` (0-based) of a scenario: its own seed + r when it fixes one, else random. */
function seedFor(c: SuiteCasePlan, r: number): number | undefined {
  const s = c.scenario.input.seed;
  return s === undefined ? undefined : (s + r) % 2 ** 32;
}

/** A run's status from its expectation outcomes. */
function statusOf(outcomes: readonly ExpectationOutcome[]): Status {
  if (outcomes.some((o) => o.holds === 'not-measured')) return 'error';
  if (outcomes.some((o) => o.holds === false)) return 'refuted';
  if (outcomes.some((o) => o.holds === 'unknown')) return 'unknown';
  return 'confirmed';
}

/** Set once a run was stopped by a signal (Ctrl-C, SIGTERM): the cases after it are not run. */
interface SuiteState {
  stopped?: string;
}

async function runCase(
  c: SuiteCasePlan,
  o: RunSuiteOptions,
  n: number,
  state: SuiteState,
): Promise<SuiteCase> {
  const log = o.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const now = o.now ?? Date.now;
  const base = {
    id: c.id,
    file: c.scenario.file,
    ...(c.redis ? { redis: c.redis } : {}),
    ...(c.image ? { image: c.image } : {}),
    ...(c.scenario.claim ? { claim: c.scenario.claim } : {}),
    expect: c.scenario.expectations.map((e) => e.text),
  };
  const claim = c.scenario.claim ? ` [${c.scenario.claim.id}]` : '';
  if (c.scenario.pending) {
    const p = c.scenario.pending;
    log(
      `[suite] ${n}/${o.cases.length} ${c.id}${claim}: pending, waits for issue #${p.issue}: ${p.reason}`,
    );
    return { ...base, status: 'pending', pending: p, failures: [], runs: [], numbers: {} };
  }
  const runs: SuiteRun[] = [];
  const repeat = o.repeat ?? 1;
  for (let r = 0; r < repeat; r++) {
    const seed = seedFor(c, r);
    const input = { ...c.scenario.input, ...o.overrides, ...(c.image ? { image: c.image } : {}) };
    // `--image` replaces the image a scenario file names with `redis`.
    if (input.image !== undefined) delete input.redis;
    const scenario = resolveScenario({
      ...input,
      ...(seed === undefined ? {} : { seed }),
      ...(c.redis ? { redis: c.redis } : {}),
    });
    const command = rerunCommand(scenario, c.scenario.file);
    if (state.stopped !== undefined) {
      runs.push({
        status: 'error',
        seed: scenario.seed,
        command,
        exitCode: 2,
        ms: 0,
        measured: {},
        expectations: [],
        error: `not run: the suite was stopped (${state.stopped})`,
      });
      continue;
    }
    const label = `${c.id}${claim}${repeat > 1 ? ` run ${r + 1}/${repeat}` : ''}`;
    log(`[suite] ${n}/${o.cases.length} ${label}: seed ${scenario.seed}: ${command}`);
    const t0 = now();
    try {
      const { runDir, results } = await o.runOne(scenario);
      if (results.interrupted !== undefined && !results.interrupted.startsWith('run timeout')) {
        state.stopped = results.interrupted;
      }
      const measured = measure(results);
      const expectations = c.scenario.expectations.map((e) => evaluateExpectation(e, measured));
      // A run stopped early (a signal, its run timeout) measured only part of what it set out to.
      const status = results.interrupted === undefined ? statusOf(expectations) : 'error';
      runs.push({
        status,
        seed: scenario.seed,
        run: results.run,
        report: relative(o.outDir, `${runDir}/report.html`),
        command: results.command,
        exitCode: results.valid === true ? 0 : results.valid === false ? 1 : 3,
        ms: now() - t0,
        measured,
        expectations,
        ...(results.interrupted === undefined ? {} : { error: results.interrupted }),
      });
      log(`[suite] ${label}: ${status} (${expectations.map((x) => outcomeText(x)).join('; ')})`);
    } catch (e) {
      const message = isRedcheckError(e) ? `${e.code}: ${e.message}` : errorMessage(e);
      runs.push({
        status: 'error',
        seed: scenario.seed,
        command,
        exitCode: 2,
        ms: now() - t0,
        measured: {},
        expectations: [],
        error: message,
      });
      log(`[suite] ${label}: error: ${message}`);
      log(`[suite]   re-run: ${command}`);
    }
  }
  return {
    ...base,
    status: worstStatus(runs.map((x) => x.status)),
    failures: failuresOf(runs),
    runs,
    numbers: spreadOf(runs.map((x) => x.measured)),
  };
}

/** Each unmet expectation (or run error) once, with the values measured in each run. */
function failuresOf(runs: readonly SuiteRun[]): string[] {
  const out: string[] = [];
  runs.forEach((run, i) => {
    const tag = runs.length > 1 ? `run ${i + 1} (seed ${run.seed}): ` : `seed ${run.seed}: `;
    if (run.error !== undefined) out.push(`${tag}error: ${run.error}`);
    for (const e of run.expectations) {
      if (e.holds !== true)
        out.push(
          `${tag}${e.holds === 'not-measured' ? 'not measured' : e.holds === 'unknown' ? 'undecided' : 'unmet'}: ${outcomeText(e)}`,
        );
    }
  });
  return out;
}

/** Run the cases in order; resolves to what `suite.json` holds. */
export async function runSuite(o: RunSuiteOptions): Promise<SuiteResult> {
  const now = o.now ?? Date.now;
  const startedAt = new Date(now()).toISOString();
  const cases: SuiteCase[] = [];
  const state: SuiteState = {};
  for (const [i, c] of o.cases.entries()) cases.push(await runCase(c, o, i + 1, state));
  return {
    suiteSchemaVersion: SUITE_SCHEMA_VERSION,
    startedAt,
    finishedAt: new Date(now()).toISOString(),
    shard: o.shard,
    repeat: o.repeat ?? 1,
    plan: o.plan.map((c) => c.id),
    cases,
    exitCode: suiteExitCode(cases),
  };
}

export type { Measure };
