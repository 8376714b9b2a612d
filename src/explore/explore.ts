/**
 * The search: fast-check draws trials from the space and runs each for real (through an
 * injected runner, so the search itself is tested without Docker); at the first trial that
 * breaks the property in `confirm` of `confirm` runs, fast-check shrinks it, and a shrink
 * candidate counts as failing only when it, too, breaks the property in every one of its
 * `confirm` runs. A candidate that passes once is dropped, so the minimal scenario reported
 * never fails only sometimes.
 *
 * Before fast-check's shrink tree, and again at each smaller failure it finds, the one-fault
 * shrink (`oneFault.ts`) tries the single-fault candidates of the failure and then shortens
 * the single fault; fast-check's later candidates keep the smallest faults found so far.
 */
import fc from 'fast-check';
import { isRedcheckError, errorMessage } from '../errors.js';
import { resolveScenario, type ResolvedScenario, type ScenarioInput } from '../runner/scenario.js';
import { evaluateExpectation, type Expectation, type Measure } from '../suite/expectation.js';
import {
  EXPLORE_SCHEMA_VERSION,
  type CandidateVerdict,
  type ExploreCandidate,
  type ExploreResult,
  type ExploreRunRecord,
  type ExploreStep,
} from './exploreResult.js';
import { variedFields, type ExploreSpace } from './space.js';
import { stepChanges } from './stepChanges.js';
import {
  compareWeight,
  faultPartOf,
  faultWeight,
  isSingleFault,
  nextShorterMs,
  sameOutsideFaults,
  singleFaultCandidates,
  withFaultsOf,
  withSingleFaultMs,
  type FaultPart,
  type OneFaultCandidate,
} from './oneFault.js';

/** What one real run of a candidate gave. */
export interface ExploreRun {
  measures: Readonly<Record<string, Measure>>;
  runDir?: string;
  /** The run's page, relative to the explore's output folder. */
  report?: string;
  /** Set when a signal or the run timeout stopped the run early. */
  interrupted?: string;
}

/** Where a candidate's scenario was written and the command that re-runs it alone. */
export interface CandidateFile {
  scenarioFile?: string;
  command: string;
}

/**
 * Runs one resolved scenario to its measures (`runScenario` + `measure` in production).
 * Throws on a run error; the search records it as an `error` run.
 */
export type ExploreRunner = (scenario: ResolvedScenario, id: string) => Promise<ExploreRun>;

export interface ExploreOptions {
  space: ExploreSpace;
  property: Expectation;
  /** Trials to draw. Default 10. */
  trials?: number;
  /** fast-check's seed. Default random. */
  seed?: number;
  /** Runs a candidate must fail in, all of them, to count as failing. Default 2. */
  confirm?: number;
  /** Real runs the shrinking may make. Default 40. */
  maxShrinkRuns?: number;
  /** Wall-clock budget of the whole search, ms; no run starts past it. Default 30 minutes. */
  budgetMs?: number;
  runOne: ExploreRunner;
  /** Called once per candidate before its first run: write its scenario file. */
  record?: (scenario: ResolvedScenario, id: string) => CandidateFile;
  log?: (line: string) => void;
  /** Aborted (Ctrl-C between runs): no further run starts. */
  signal?: AbortSignal;
  /** Injected clock for tests. Default `Date.now`. */
  now?: () => number;
}

interface State {
  phase: 'trial' | 'shrink';
  trialIndex: number;
  shrinkIndex: number;
  runs: number;
  shrinkRuns: number;
  candidates: ExploreCandidate[];
  steps: ExploreStep[];
  /** Inputs of the failing candidates by id, to describe each step. */
  inputs: Map<string, ScenarioInput>;
  /** The one-fault note of the candidate being judged, for its step. */
  note?: string;
  /** What each candidate already judged returned, by its input: one is never run twice. */
  judged: Map<string, boolean>;
  firstFailure?: string;
  minimal?: string;
  stopped?: string;
  /** A bug in the search itself: fast-check would take it for a failure. */
  fatal?: unknown;
}

/** JSON with object keys sorted: one text per input, however its fields were put together. */
function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x !== null && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b)))
      : x,
  );
}

/** Resolve the defaults of the options once. */
function resolved(
  o: ExploreOptions,
): Required<Omit<ExploreOptions, 'record' | 'log' | 'now' | 'signal'>> {
  return {
    space: o.space,
    property: o.property,
    runOne: o.runOne,
    trials: o.trials ?? 10,
    seed: o.seed ?? Math.floor(Math.random() * 0x1_0000_0000),
    confirm: o.confirm ?? 2,
    maxShrinkRuns: o.maxShrinkRuns ?? 40,
    budgetMs: o.budgetMs ?? 30 * 60_000,
  };
}

/** Search the space; resolves to what `explore.json` holds. */
export async function explore(options: ExploreOptions): Promise<ExploreResult> {
  const o = resolved(options);
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const now = options.now ?? Date.now;
  const t0 = now();
  const startedAt = new Date(t0).toISOString();
  const st: State = {
    phase: 'trial',
    trialIndex: 0,
    shrinkIndex: 0,
    runs: 0,
    shrinkRuns: 0,
    candidates: [],
    steps: [],
    inputs: new Map(),
    judged: new Map(),
  };

  /** Whether another run may start; sets `stopped` when not. */
  const mayRun = (): boolean => {
    if (st.stopped !== undefined) return false;
    if (options.signal?.aborted === true) {
      st.stopped = 'interrupted: a signal between runs';
      return false;
    }
    if (now() - t0 >= o.budgetMs) {
      st.stopped = `budget of ${o.budgetMs} ms spent`;
      log(`[explore] ${st.stopped}: no further run starts`);
      return false;
    }
    if (st.phase === 'shrink' && st.shrinkRuns >= o.maxShrinkRuns) {
      st.stopped = `max-shrink-runs ${o.maxShrinkRuns} reached`;
      log(`[explore] ${st.stopped}: the smallest confirmed failure so far is reported`);
      return false;
    }
    return true;
  };

  const runOnce = async (scenario: ResolvedScenario, id: string): Promise<ExploreRunRecord> => {
    const t = now();
    st.runs++;
    if (st.phase === 'shrink') st.shrinkRuns++;
    try {
      const r = await o.runOne(scenario, id);
      if (r.interrupted !== undefined && !r.interrupted.startsWith('run timeout')) {
        st.stopped = `interrupted: ${r.interrupted}`;
      }
      const outcome = evaluateExpectation(o.property, r.measures);
      return {
        // A run stopped early measured only part of what it set out to.
        holds: r.interrupted === undefined ? outcome.holds : 'unknown',
        measured: outcome.measured,
        ms: now() - t,
        ...(r.runDir === undefined ? {} : { runDir: r.runDir }),
        ...(r.report === undefined ? {} : { report: r.report }),
        ...(r.interrupted === undefined ? {} : { interrupted: r.interrupted }),
      };
    } catch (e) {
      const error = isRedcheckError(e) ? `${e.code}: ${e.message}` : errorMessage(e);
      return { holds: 'unknown', measured: {}, ms: now() - t, error };
    }
  };

  /** Run a candidate up to `confirm` times, stopping at its first run that does not fail. */
  const judge = async (input: ScenarioInput): Promise<boolean> => {
    // fast-check's shrink tree may offer a candidate again by another route.
    const key = canonicalJson(input);
    const seen = st.judged.get(key);
    if (seen !== undefined) return seen;
    const holds = await judgeNew(input);
    if (!st.stopped || holds === false) st.judged.set(key, holds);
    return holds;
  };

  const judgeNew = async (input: ScenarioInput): Promise<boolean> => {
    const id = st.phase === 'trial' ? `trial-${st.trialIndex}` : `shrink-${st.shrinkIndex}`;
    if (!mayRun()) return true;
    const scenario = resolveScenario(input);
    const file = options.record?.(scenario, id) ?? { command: '(not written)' };
    const candidate: ExploreCandidate = {
      id,
      phase: st.phase,
      ...(st.phase === 'trial' ? { path: String(st.trialIndex) } : {}),
      seed: scenario.seed,
      varied: variedFields(o.space, input),
      ...(file.scenarioFile === undefined ? {} : { scenarioFile: file.scenarioFile }),
      command: file.command,
      verdict: 'unconfirmed',
      runs: [],
    };
    st.candidates.push(candidate);
    if (st.phase === 'trial') st.trialIndex++;
    else st.shrinkIndex++;
    log(`[explore] ${id}: ${JSON.stringify(candidate.varied)}: ${file.command}`);
    let verdict: CandidateVerdict = 'unconfirmed';
    for (let k = 0; k < o.confirm; k++) {
      if (k > 0 && !mayRun()) break;
      const run = await runOnce(scenario, id);
      candidate.runs.push(run);
      if (run.holds === false) continue;
      const failedBefore = candidate.runs.some((r) => r.holds === false);
      verdict = failedBefore
        ? 'flaky'
        : run.error !== undefined
          ? 'error'
          : run.holds === true
            ? 'pass'
            : 'unknown';
      break;
    }
    if (candidate.runs.length === o.confirm && candidate.runs.every((r) => r.holds === false)) {
      verdict = 'fail';
    }
    candidate.verdict = verdict;
    const shown = candidate.runs.map((r) => String(r.holds)).join(', ');
    log(`[explore] ${id}: ${verdict} (property held: ${shown})`);
    if (st.phase === 'trial' && candidate.runs[0]?.holds === false) st.firstFailure ??= id;
    if (verdict !== 'fail') return true;
    const from = st.minimal;
    st.inputs.set(id, input);
    if (from !== undefined) {
      const changes = stepChanges(st.inputs.get(from) ?? {}, input);
      st.steps.push(
        st.note === undefined
          ? { id, from, by: 'fast-check', changes }
          : { id, from, by: 'one-fault', changes: [st.note, ...changes] },
      );
    }
    st.minimal = id;
    st.phase = 'shrink';
    return false;
  };

  const part = faultPartOf(o.space.vary);
  const minimalInput = (): ScenarioInput | undefined =>
    st.minimal === undefined ? undefined : st.inputs.get(st.minimal);

  /** Judge a one-fault candidate; true when it failed every time (the new minimal). */
  const tryOneFault = async (c: OneFaultCandidate): Promise<boolean> => {
    const before = st.minimal;
    st.note = c.note;
    try {
      await judge(c.input);
    } finally {
      delete st.note;
    }
    return st.minimal !== before;
  };

  /**
   * From the minimal failure: its single-fault candidates until one fails every time (then
   * from that one), and then the single fault shortened by bisection.
   */
  const shrinkToOneFault = async (p: FaultPart): Promise<void> => {
    let m = minimalInput();
    while (m !== undefined && st.stopped === undefined) {
      let found = false;
      for (const c of singleFaultCandidates(p, m, o.space.trialTimeMs)) {
        if (await tryOneFault(c)) {
          found = true;
          break;
        }
        if (st.stopped !== undefined) return;
      }
      if (!found) break;
      m = minimalInput();
    }
    if (m === undefined || !isSingleFault(p, m)) return;
    let passMs: number | undefined;
    while (m !== undefined && st.stopped === undefined) {
      const ms = nextShorterMs(p, m, o.space.trialTimeMs, passMs);
      if (ms === undefined) return;
      if (await tryOneFault(withSingleFaultMs(p, m, ms))) m = minimalInput();
      else passMs = ms;
    }
  };

  /**
   * A fast-check candidate once a failure is known: with the minimal's faults when its own
   * weigh as much or more (so fast-check goes on shrinking the other parts); `undefined`
   * (not run, taken as passing) when it only shortens a single fault the one-fault shrink
   * has bisected already.
   */
  const fromFastCheck = (drawn: ScenarioInput): ScenarioInput | undefined => {
    const m = minimalInput();
    if (part === undefined || m === undefined) return drawn;
    if (compareWeight(faultWeight(part, drawn), faultWeight(part, m)) >= 0) {
      return withFaultsOf(drawn, m);
    }
    if (isSingleFault(part, m) && sameOutsideFaults(drawn, m)) return undefined;
    return drawn;
  };

  const details = await fc.check(
    fc.asyncProperty(o.space.arbitrary, async (drawn) => {
      try {
        const input = fromFastCheck(drawn);
        if (input === undefined) return true;
        const before = st.minimal;
        const holds = await judge(input);
        if (part !== undefined && st.minimal !== before) await shrinkToOneFault(part);
        return holds;
      } catch (e) {
        st.fatal = e;
        st.stopped = `error in the search: ${errorMessage(e)}`;
        return true;
      }
    }),
    { numRuns: o.trials, seed: o.seed, endOnFailure: false },
  );
  if (st.fatal instanceof Error) throw st.fatal;
  if (st.fatal !== undefined) throw new Error(errorMessage(st.fatal));
  const exitCode =
    st.minimal !== undefined ? 1 : st.stopped?.startsWith('interrupted') === true ? 2 : 0;
  return {
    schemaVersion: EXPLORE_SCHEMA_VERSION,
    property: o.property.text,
    space: {
      fixed: { ...o.space.fixed },
      vary: [...o.space.vary],
      trialTimeMs: o.space.trialTimeMs,
      faultSpecs: [...o.space.faultSpecs],
    },
    seed: o.seed,
    trials: o.trials,
    confirm: o.confirm,
    maxShrinkRuns: o.maxShrinkRuns,
    budgetMs: o.budgetMs,
    startedAt,
    finishedAt: new Date(now()).toISOString(),
    trialsRun: st.trialIndex,
    runs: st.runs,
    shrinkRuns: st.shrinkRuns,
    candidates: st.candidates,
    ...(st.firstFailure === undefined ? {} : { firstFailure: st.firstFailure }),
    steps: st.steps,
    ...(st.minimal === undefined ? {} : { minimal: st.minimal }),
    ...(details.failed && details.counterexamplePath !== null
      ? { counterexamplePath: details.counterexamplePath }
      : {}),
    ...(st.stopped === undefined ? {} : { stopped: st.stopped }),
    exitCode,
  };
}
