/**
 * A suite's scenario file: a `run` scenario plus what the suite reads (`claim`, `expect`,
 * `pending`). Loaded and checked in full before anything runs; every error names the file,
 * the line and what was expected (exit 2).
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, resolve } from 'node:path';
import { errorMessage, isRedcheckError, RedcheckError } from '../errors.js';
import { resolveScenario, scenarioInputSchema, type ScenarioInput } from '../runner/scenario.js';
import { CLAIM_IDS, isClaimOrVariantId } from './claims.js';
import { ExpectationSyntaxError, parseExpectation, type Expectation } from './expectation.js';
import { jsonLines, jsonSyntaxLine, lineOf } from './jsonLines.js';
import { isKnownMeasure } from './measured.js';

/** What a scenario expects when it says nothing: that the run is valid. */
export const DEFAULT_EXPECTATION = 'valid == true';

export interface SuiteScenario {
  /** The file as given. */
  file: string;
  /** The file's name without `.json`: the scenario's id in the suite. */
  id: string;
  claim?: { id: string; text: string };
  expectations: Expectation[];
  /** Set when the claim waits for another issue: the scenario is not run. */
  pending?: { issue: number; reason: string };
  /** The run scenario (without `claim`, `expect`, `pending`). */
  input: ScenarioInput;
}

function fail(file: string, line: number, what: string, fix: string): never {
  throw new RedcheckError('E_SCENARIO', `${file}:${line}: ${what}`, fix);
}

/** Read and check one scenario file. Throws RedcheckError (exit 2) naming file and line. */
export function loadSuiteScenario(file: string): SuiteScenario {
  let text: string;
  try {
    // A byte-order mark (files saved by Windows editors) is not part of the JSON.
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    throw new RedcheckError(
      'E_SCENARIO',
      `cannot read scenario ${file}: ${errorMessage(e)}`,
      'give scenario .json files or a folder of them',
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    fail(file, jsonSyntaxLine(text, e) ?? 1, `not JSON: ${errorMessage(e)}`, 'fix the JSON syntax');
  }
  const lines = jsonLines(text);
  const parsed = scenarioInputSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = [...(issue?.path ?? [])].map(String);
    if (issue?.code === 'unrecognized_keys') {
      const key = issue.keys[0] ?? '';
      fail(
        file,
        lineOf(lines, [...path, key]),
        `unknown field "${[...path, key].join('.')}"`,
        path.length === 0
          ? `expected one of: ${Object.keys(scenarioInputSchema.shape).join(', ')}`
          : `expected only the documented fields of ${path.join('.')} (see docs/claims.md)`,
      );
    }
    fail(
      file,
      lineOf(lines, path),
      `${path.join('.') || '(top level)'}: ${issue?.message ?? 'invalid'}`,
      'see `redcheck run --help` for the scenario fields, docs/claims.md for claim and expect',
    );
  }
  const { claim, expect, pending, ...given } = parsed.data;
  // A redis.conf named in a scenario file is relative to that file.
  const input =
    given.redisConf === undefined || isAbsolute(given.redisConf)
      ? given
      : { ...given, redisConf: resolve(dirname(file), given.redisConf) };
  if (claim && !isClaimOrVariantId(claim.id)) {
    throw new RedcheckError(
      'E_UNKNOWN_CLAIM',
      `${file}:${lineOf(lines, ['claim', 'id'])}: unknown claim id "${claim.id}"`,
      `expected one of: ${CLAIM_IDS.join(', ')} (docs/claims.md), or a variant of one: C5-control`,
    );
  }
  const expectations = (expect ?? [DEFAULT_EXPECTATION]).map((e, i) => {
    try {
      return parseExpectation(e, isKnownMeasure);
    } catch (err) {
      if (!(err instanceof ExpectationSyntaxError)) throw err;
      return fail(
        file,
        lineOf(lines, ['expect', i]),
        `expect[${i}] "${e}": ${err.message}`,
        'an expectation is name op value joined by "and", e.g. "set.lost > 0 and set.partial == 0"; names in docs/claims.md',
      );
    }
  });
  if (!pending) {
    try {
      resolveScenario(input);
    } catch (e) {
      if (isRedcheckError(e)) throw new RedcheckError(e.code, `${file}: ${e.message}`, e.fix);
      throw e;
    }
  }
  return {
    file,
    id: basename(file, extname(file)),
    ...(claim ? { claim } : {}),
    expectations,
    ...(pending ? { pending } : {}),
    input,
  };
}
