/**
 * `explore.json`: one schema, one version, one reader. The page and JUnit are drawn from it.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { RedcheckError, errorMessage } from '../errors.js';

export const EXPLORE_SCHEMA_VERSION = 1;

const measure = z.union([z.number(), z.boolean(), z.literal('unknown')]);

/** One real run of a candidate scenario. */
const runRecordSchema = z.strictObject({
  /** `false`: the property was broken; `true` it held; `unknown` / `not-measured` undecided. */
  holds: z.union([z.boolean(), z.literal('unknown'), z.literal('not-measured')]),
  measured: z.record(z.string(), measure.nullable()),
  ms: z.number(),
  runDir: z.string().optional(),
  /** The run's page, relative to `explore.json`. */
  report: z.string().optional(),
  error: z.string().optional(),
  interrupted: z.string().optional(),
});

/**
 * How a candidate came out: `fail` broke the property in every one of its runs (the first
 * run, then `--confirm` in all); `flaky` broke it in some runs only; `pass` kept it;
 * `unknown` could not decide it (a checker's unknown, a run error); `unconfirmed` ran out of
 * shrink runs or budget before its confirmation was complete.
 */
export const CANDIDATE_VERDICTS = [
  'fail',
  'flaky',
  'pass',
  'unknown',
  'error',
  'unconfirmed',
] as const;
export type CandidateVerdict = (typeof CANDIDATE_VERDICTS)[number];

const candidateSchema = z.strictObject({
  /** `trial-3`, `shrink-7`. */
  id: z.string(),
  phase: z.enum(['trial', 'shrink']),
  /** fast-check's path of a trial (`3`): `fc.check` with `{seed, path}` replays it. */
  path: z.string().optional(),
  /** The scenario's seed. */
  seed: z.number(),
  /** The fields the open parts drew. */
  varied: z.record(z.string(), z.unknown()),
  /** The scenario file that re-runs it alone, relative to `explore.json`. */
  scenarioFile: z.string().optional(),
  command: z.string(),
  verdict: z.enum(CANDIDATE_VERDICTS),
  runs: z.array(runRecordSchema),
});

const stepSchema = z.strictObject({
  /** The candidate that failed every time, smaller than the one before it. */
  id: z.string(),
  from: z.string(),
  /**
   * Who offered it: fast-check's shrink tree, or the one-fault shrink (a single fault of the
   * failure's total fault time, then shorter); absent in files written before it existed.
   */
  by: z.enum(['fast-check', 'one-fault']).optional(),
  /** What this step removed, merged or shortened, one change a line. */
  changes: z.array(z.string()),
});

export const exploreResultSchema = z.strictObject({
  schemaVersion: z.literal(EXPLORE_SCHEMA_VERSION),
  property: z.string(),
  space: z.strictObject({
    fixed: z.record(z.string(), z.unknown()),
    vary: z.array(z.string()),
    trialTimeMs: z.number(),
    faultSpecs: z.array(z.string()),
  }),
  seed: z.number(),
  trials: z.number(),
  confirm: z.number(),
  maxShrinkRuns: z.number(),
  budgetMs: z.number(),
  startedAt: z.string(),
  finishedAt: z.string(),
  /** Trials that ran (fewer than `trials` after a failure, the budget or an interruption). */
  trialsRun: z.number(),
  /** Real runs made in all, and while shrinking. */
  runs: z.number(),
  shrinkRuns: z.number(),
  candidates: z.array(candidateSchema),
  /** The first trial that broke the property (confirmed or not). */
  firstFailure: z.string().optional(),
  steps: z.array(stepSchema),
  /** The smallest candidate that failed every time: the counterexample. */
  minimal: z.string().optional(),
  /** fast-check's path of the counterexample. */
  counterexamplePath: z.string().optional(),
  /** Why the search ended early: the budget, the shrink runs, a signal. */
  stopped: z.string().optional(),
  /** 1 a counterexample, 0 none in the trials, 2 interrupted before an answer. */
  exitCode: z.number(),
});

export type ExploreResult = z.infer<typeof exploreResultSchema>;
export type ExploreCandidate = ExploreResult['candidates'][number];
export type ExploreRunRecord = ExploreCandidate['runs'][number];
export type ExploreStep = ExploreResult['steps'][number];

/** Read and validate an `explore.json`. Throws E_RUN_SCHEMA naming the bad field. */
export function readExploreResult(file: string): ExploreResult {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new RedcheckError('E_RUN_UNREADABLE', `cannot read ${file}: ${errorMessage(e)}`);
  }
  const parsed = exploreResultSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RedcheckError(
      'E_RUN_SCHEMA',
      `${file}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
      `an explore.json of schemaVersion ${EXPLORE_SCHEMA_VERSION} is expected`,
    );
  }
  return parsed.data;
}
