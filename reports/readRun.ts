import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RedcheckError } from '../src/errors.js';
import type { RunResults } from '../src/runner/results.js';

/** The stored files of one run, as the report reads them. */
export interface RunFiles {
  dir: string;
  results: RunResults;
  /** `scenario.json`, when present (else the scenario inside results.json). */
  scenario: Record<string, unknown>;
  /** Path of `history.jsonl`, or undefined when the run has none. */
  historyFile: string | undefined;
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new RedcheckError(
      'E_RUN_UNREADABLE',
      `cannot read ${what} ${file}: ${code === 'ENOENT' ? 'no such file' : String(e)}`,
      'pass a run directory written by `redcheck run` (it holds results.json and history.jsonl)',
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new RedcheckError(
      'E_RUN_MALFORMED',
      `${file} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
      'regenerate it with `redcheck run`, or restore the file',
    );
  }
}

/** Read `results.json` (required), `scenario.json` and locate `history.jsonl` in `dir`. */
export function readRun(dir: string): RunFiles {
  const raw = readJson(join(dir, 'results.json'), 'results');
  if (typeof raw !== 'object' || raw === null || !('valid' in raw) || !('checkers' in raw)) {
    throw new RedcheckError(
      'E_RUN_MALFORMED',
      `${join(dir, 'results.json')}: expected an object with "valid" and "checkers"`,
      'regenerate it with `redcheck run`',
    );
  }
  const results = raw as RunResults;
  const scenarioFile = join(dir, 'scenario.json');
  const scenario = existsSync(scenarioFile)
    ? (readJson(scenarioFile, 'scenario') as Record<string, unknown>)
    : ((results.scenario as Record<string, unknown> | undefined) ?? {});
  const historyFile = join(dir, 'history.jsonl');
  return { dir, results, scenario, historyFile: existsSync(historyFile) ? historyFile : undefined };
}
