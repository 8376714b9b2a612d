/**
 * The schema of `suite.json`: what one suite run (or one shard of it) found, per scenario.
 * Read back by `suite merge` and `--baseline` through `readSuiteResult`, never with casts.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { errorMessage, RedcheckError } from '../errors.js';

export const SUITE_SCHEMA_VERSION = 1;

/** A scenario's status: its expectations hold, one does not, it waits for an issue, it could not be judged. */
export const STATUSES = ['confirmed', 'refuted', 'unknown', 'error', 'pending'] as const;
export type Status = (typeof STATUSES)[number];
const statusSchema = z.enum(STATUSES);

const measureSchema = z.union([z.number(), z.boolean(), z.literal('unknown')]);

const outcomeSchema = z.object({
  text: z.string(),
  holds: z.union([z.boolean(), z.literal('unknown'), z.literal('not-measured')]),
  measured: z.record(z.string(), measureSchema.nullable()),
});

/** One run of a scenario (several with `--repeat`). */
const suiteRunSchema = z.object({
  status: statusSchema,
  seed: z.number(),
  /** The run id; absent when the run failed before it had one. */
  run: z.string().optional(),
  /** The run's page, relative to the folder of `suite.json`. */
  report: z.string().optional(),
  /** The exact command that re-runs it. */
  command: z.string(),
  exitCode: z.number(),
  /** Wall-clock time of the run, ms. */
  ms: z.number(),
  measured: z.record(z.string(), measureSchema),
  expectations: z.array(outcomeSchema),
  error: z.string().optional(),
});

const spreadSchema = z.object({
  min: z.number(),
  median: z.number(),
  max: z.number(),
  n: z.number(),
});

const movedSchema = z.object({
  name: z.string(),
  from: z.number(),
  to: z.number(),
});

const suiteCaseSchema = z.object({
  /** The scenario id (its file name), with `@<redis or image>` when the suite runs several images. */
  id: z.string(),
  file: z.string(),
  redis: z.string().optional(),
  /** The user's image this case ran on, when `--image` named several. */
  image: z.string().optional(),
  claim: z.object({ id: z.string(), text: z.string() }).optional(),
  status: statusSchema,
  pending: z.object({ issue: z.number(), reason: z.string() }).optional(),
  expect: z.array(z.string()),
  /** Every unmet expectation with the values measured, one line each. */
  failures: z.array(z.string()),
  runs: z.array(suiteRunSchema),
  /** Every numeric measure over the runs: min, median, max. */
  numbers: z.record(z.string(), spreadSchema),
  /** Set by `--baseline`: what changed since that suite. */
  baseline: z
    .object({
      status: statusSchema.optional(),
      flipped: z.boolean(),
      moved: z.array(movedSchema),
    })
    .optional(),
});

export const suiteResultSchema = z.object({
  suiteSchemaVersion: z.literal(SUITE_SCHEMA_VERSION),
  startedAt: z.string(),
  finishedAt: z.string(),
  /** `--shard i/n`; null for the whole suite (or a merge). */
  shard: z.object({ index: z.number(), count: z.number() }).nullable(),
  repeat: z.number(),
  /** Every case id of the whole (unsharded) suite, in order: what a merge must cover. */
  plan: z.array(z.string()),
  cases: z.array(suiteCaseSchema),
  exitCode: z.number(),
  baseline: z
    .object({ file: z.string(), flipped: z.number(), moved: z.number(), missing: z.number() })
    .optional(),
});

export type SuiteResult = z.infer<typeof suiteResultSchema>;
export type SuiteCase = z.infer<typeof suiteCaseSchema>;
export type SuiteRun = z.infer<typeof suiteRunSchema>;
export type Spread = z.infer<typeof spreadSchema>;

/** Read and check a `suite.json`. Throws RedcheckError (exit 2) naming the file and field. */
export function readSuiteResult(file: string): SuiteResult {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new RedcheckError(
      'E_RUN_UNREADABLE',
      `cannot read ${file}: ${errorMessage(e)}`,
      'give the suite.json that `redcheck suite` wrote (or its folder)',
    );
  }
  const parsed = suiteResultSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RedcheckError(
      'E_RUN_SCHEMA',
      `${file}: ${issue?.path.join('.') || '(top level)'}: ${issue?.message ?? 'invalid'}`,
      `expected a suite.json of suiteSchemaVersion ${SUITE_SCHEMA_VERSION}`,
    );
  }
  return parsed.data;
}

/** A case's status from its runs: error, then refuted, then unknown, else confirmed. */
export function worstStatus(statuses: readonly Status[]): Status {
  for (const s of ['error', 'refuted', 'unknown'] as const) if (statuses.includes(s)) return s;
  return 'confirmed';
}

/** The suite's exit code: 2 any error, 1 any refuted, 3 any unknown, else 0 (pending is 0). */
export function suiteExitCode(cases: readonly Pick<SuiteCase, 'status'>[]): number {
  const s = cases.map((c) => c.status);
  return s.includes('error') ? 2 : s.includes('refuted') ? 1 : s.includes('unknown') ? 3 : 0;
}
