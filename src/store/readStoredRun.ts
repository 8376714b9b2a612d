/**
 * The one reader of a stored run. Every consumer (`report`, `compare`, `check --report`, the
 * suite) gets the run's files through it, as typed values: a file that does not match its
 * schema is a RedcheckError (exit 2) naming the file, the field and what was expected.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RedcheckError } from '../errors.js';
import {
  READABLE_RESULTS_VERSIONS,
  RESULTS_SCHEMA_VERSION,
  runResultsSchema,
  upgradeResults,
  type RunResults,
} from './results.js';
import { schemaMessage } from './schemaError.js';
import { findHistoryFile, HISTORY_NAMES, RUN_FILES } from './runDir.js';

/** The stored files of one run. */
export interface StoredRun {
  dir: string;
  results: RunResults;
  /** `scenario.json`, when present (else the scenario inside results.json). */
  scenario: Record<string, unknown>;
  /** Path of `history.jsonl.gz` (or an older run's `history.jsonl`), or undefined when none. */
  historyFile: string | undefined;
}

const REGENERATE = 'run the scenario again with `redcheck run` (or restore the file)';

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new RedcheckError(
      'E_RUN_UNREADABLE',
      `cannot read ${what} ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : e instanceof Error ? e.message : String(e)}`,
      'pass a run directory written by `redcheck run` (it holds results.json and history.jsonl)',
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new RedcheckError(
      'E_RUN_MALFORMED',
      `${file} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
      REGENERATE,
    );
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Refuse a results.json of another schema version, saying who wrote it and what to do. */
function checkVersion(file: string, raw: Record<string, unknown>): void {
  const version = raw.schemaVersion;
  if (version === RESULTS_SCHEMA_VERSION) return;
  if (typeof version === 'number' && READABLE_RESULTS_VERSIONS.includes(version)) return;
  const rerun =
    typeof raw.command === 'string'
      ? `re-run it with this redcheck (\`${raw.command}\`) to get a readable run`
      : 're-run the scenario with this redcheck to get a readable run';
  if (version === undefined) {
    throw new RedcheckError(
      'E_RUN_SCHEMA_VERSION',
      `${file}: field schemaVersion: missing; this file was written by redcheck 0.1.0 before results.json had a schema, and this redcheck reads schemaVersion ${RESULTS_SCHEMA_VERSION}`,
      `${rerun}, or open it with the redcheck version that wrote it`,
    );
  }
  if (typeof version === 'number' && Number.isInteger(version) && version > RESULTS_SCHEMA_VERSION) {
    throw new RedcheckError(
      'E_RUN_SCHEMA_VERSION',
      `${file}: field schemaVersion: ${version} was written by a newer redcheck; this redcheck reads schemaVersion ${RESULTS_SCHEMA_VERSION}`,
      'upgrade redcheck (npm install redcheck@latest) to read this run',
    );
  }
  if (typeof version === 'number' && Number.isInteger(version) && version >= 0) {
    throw new RedcheckError(
      'E_RUN_SCHEMA_VERSION',
      `${file}: field schemaVersion: ${version} is an older schema; this redcheck reads schemaVersion ${RESULTS_SCHEMA_VERSION}`,
      `${rerun}, or open it with the redcheck version that wrote it`,
    );
  }
  throw new RedcheckError(
    'E_RUN_SCHEMA',
    `${file}: field schemaVersion: expected the integer ${RESULTS_SCHEMA_VERSION}, found ${JSON.stringify(version)}`,
    REGENERATE,
  );
}

/**
 * Validate parsed `results.json` content (`file` names it in errors). Throws RedcheckError:
 * `E_RUN_SCHEMA_VERSION` for another schema version, `E_RUN_SCHEMA` for any other mismatch.
 */
export function parseRunResults(raw: unknown, file: string): RunResults {
  if (!isObject(raw)) {
    throw new RedcheckError(
      'E_RUN_SCHEMA',
      `${file}: expected a JSON object, found ${raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw}`,
      REGENERATE,
    );
  }
  checkVersion(file, raw);
  const parsed = runResultsSchema.safeParse(upgradeResults(raw));
  if (!parsed.success) {
    throw new RedcheckError('E_RUN_SCHEMA', schemaMessage(file, parsed.error.issues), REGENERATE);
  }
  return parsed.data;
}

/** Read `results.json` of a run directory, validated. */
export function readRunResults(dir: string): RunResults {
  const file = join(dir, RUN_FILES.results);
  return parseRunResults(readJson(file, 'results'), file);
}

/**
 * Read a run directory: `results.json` (required, validated), `scenario.json` (optional, an
 * object), and where `history.jsonl` is. Throws RedcheckError (exit 2) for a missing folder,
 * unreadable or malformed files, and any schema mismatch.
 */
export function readStoredRun(dir: string): StoredRun {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new RedcheckError(
      'E_RUN_UNREADABLE',
      `${dir} is not a run directory: ${existsSync(dir) ? 'it is a file' : 'no such directory'}`,
      'pass a run directory written by `redcheck run`, e.g. store/latest',
    );
  }
  const results = readRunResults(dir);
  const scenarioFile = join(dir, RUN_FILES.scenario);
  let scenario: Record<string, unknown> = results.scenario;
  if (existsSync(scenarioFile)) {
    const raw = readJson(scenarioFile, 'scenario');
    if (!isObject(raw)) {
      throw new RedcheckError(
        'E_RUN_MALFORMED',
        `${scenarioFile}: expected a JSON object (the resolved scenario)`,
        REGENERATE,
      );
    }
    scenario = raw;
  }
  return { dir, results, scenario, historyFile: findHistoryFile(dir) };
}

/**
 * The history of a run directory (`history.jsonl`), without reading results.json: a run that
 * crashed before writing its results still has its history. RedcheckError when there is none.
 */
export function runHistoryFile(dir: string): string {
  const file = findHistoryFile(dir);
  if (file === undefined) {
    throw new RedcheckError(
      'E_RUN_UNREADABLE',
      `${dir} has no ${HISTORY_NAMES.join(' or ')}`,
      'pass a run directory written by `redcheck run`, or a history file',
    );
  }
  return file;
}
