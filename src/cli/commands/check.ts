import { statSync } from 'node:fs';
import { parseCommandArgs, usageError as commandUsageError } from '../parseCommandArgs.js';
import {
  capPartitions,
  explainLinearizability,
  MODEL_NAMES,
  MODELS_WITH_INIT,
  modelByName,
  type ModelOptions,
  type RegisterValue,
} from '../../checker/linearizability/index.js';
import { mergeValidity, exitCodeFor, type Validity } from '../../checker/verdict.js';
import {
  consistencyModelNamed,
  CONSISTENCY_MODELS,
  explainListAppend,
  LIST_APPEND_MODEL,
} from '../../checker/elle/index.js';
import { errorMessage, EXIT_ERROR, RedcheckError } from '../../errors.js';
import { HISTORY_FORMATS, parseHistoryFormat } from '../../history/load.js';
import type { Command } from '../command.js';
import { causesText } from '../../../reports/causesText.js';
import { asOutputError, checkWritableFile } from '../../common/outputFile.js';
import { formatDuration, parseDuration } from '../../common/duration.js';

import { checkFile, STREAM_FROM_BYTES, type CheckedFile, type CheckOptions } from '../checkFile.js';

const USAGE = `usage: redcheck check <file>... [options]
       redcheck check <run-dir>... [--json]

Check recorded histories for linearizability. One result line per file.
Given a run folder (store/latest), check that run again with every checker it ran (the set
checker too), from its stored files alone, and say whether the verdict is the one it stored.

options:
  --format <f>       ${['auto', ...HISTORY_FORMATS].join('|')} (default auto: by content)
  --model <m>        ${MODEL_NAMES.join('|')} (default: cas-register for read/write/cas
                     histories, kv for get/put/append; etcd and kv for Porcupine's formats)
  --init <v>         the register's initial value (${MODELS_WITH_INIT.join(', ')}; default nil),
                     as JSON (0, "a", null) or a bare string; --init <key>=<v> for one key of
                     a keyed history (repeatable)
  --model list-append  Elle's list-append checker for txn histories (chosen when every op
                     is a txn): dependency cycles and the anomalies they name
  --consistency-model <m>  with list-append: ${CONSISTENCY_MODELS.join('|')}
                     (default strict-serializable): which anomalies make a history invalid
  --check-time-limit <d>  the check's time budget per file, e.g. 500ms, 30s, 2m (default:
                     none); past it the verdict is "unknown" (the same flag as run's;
                     --time-limit is its older name here, still taken)
  --json             one JSON object per line: {"file", "valid": true|false|"unknown", ...}
  --report <file>    also write an HTML report of the results (run folders: the lanes
                     of each run's linearizable result, read through the run store)
  --stream           check without keeping the history in memory (the default for files
                     of ${STREAM_FROM_BYTES / 1024 / 1024} MiB and more): memory grows with the ops, not the file;
                     the model is chosen from the first op, the report has no timeline,
                     and an illegal history is read twice (for its evidence)

exit: 0 all linearizable, 1 some not, 3 some unknown and none invalid, 2 bad input`;

const usageError = (message: string): RedcheckError => commandUsageError('check', message);

/** Parse `redcheck check` arguments; RedcheckError for anything wrong with them. */
export function parseCheckArgs(argv: string[]): CheckOptions {
  const { values, positionals } = parseCommandArgs('check', {
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string' },
      model: { type: 'string' },
      'check-time-limit': { type: 'string' },
      'time-limit': { type: 'string' },
      'consistency-model': { type: 'string' },
      init: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      report: { type: 'string' },
      stream: { type: 'boolean' },
    },
  });
  if (positionals.length === 0) throw usageError('no history file given');
  const model = values.model;
  const init = parseInitArgs(values.init ?? []);
  // throws E_UNKNOWN_MODEL listing the known ones, E_OPTION_INVALID for a bad --init
  if (model !== undefined && model !== LIST_APPEND_MODEL) modelByName(model, init);
  const cm = values['consistency-model'];
  if (cm !== undefined && consistencyModelNamed(cm) === undefined) {
    throw usageError(
      `--consistency-model ${cm}: unknown model; known: ${CONSISTENCY_MODELS.join(', ')}`,
    );
  }
  return {
    files: positionals,
    format: parseHistoryFormat(values.format ?? 'auto'),
    model,
    timeLimitMs: checkTimeLimit(values['check-time-limit'], values['time-limit']),
    init,
    consistencyModel: cm === undefined ? undefined : consistencyModelNamed(cm),
    json: values.json ?? false,
    report: values.report,
    stream: values.stream ?? false,
  };
}

/**
 * The check's time budget: `--check-time-limit`, the name `run` uses too, or `--time-limit`,
 * its older name here (for `run`, `--time-limit` is how long the workload runs).
 */
function checkTimeLimit(checkLimit?: string, olderName?: string): number | undefined {
  if (checkLimit !== undefined && olderName !== undefined) {
    throw usageError('--check-time-limit and --time-limit name the same budget: give one');
  }
  if (checkLimit !== undefined) return parseDuration(checkLimit, '--check-time-limit');
  return olderName === undefined ? undefined : parseDuration(olderName, '--time-limit');
}

/** A register value from the command line: JSON when it parses, else the text as a string. */
function parseInitValue(text: string): RegisterValue {
  let v: unknown = text;
  try {
    v = JSON.parse(text);
  } catch {
    // a bare string
  }
  if (v === null || typeof v === 'string' || typeof v === 'number') return v;
  throw usageError(
    `--init ${text}: a register's initial value is a number, a string or null, got ${JSON.stringify(v)}`,
  );
}

/** `--init v` (every key) and `--init key=v` (one key); the last one given wins. */
export function parseInitArgs(args: readonly string[]): ModelOptions {
  let init: RegisterValue | undefined;
  // Built by defineProperty: a key named `__proto__` is a key like any other.
  const byKey: Record<string, RegisterValue> = {};
  for (const a of args) {
    const eq = a.indexOf('=');
    let whole: unknown;
    try {
      whole = JSON.parse(a);
    } catch {
      whole = undefined;
    }
    if (eq > 0 && whole === undefined) {
      Object.defineProperty(byKey, a.slice(0, eq), {
        value: parseInitValue(a.slice(eq + 1)),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else init = parseInitValue(a);
  }
  return {
    ...(init !== undefined ? { init } : {}),
    ...(Object.keys(byKey).length > 0 ? { initByKey: byKey } : {}),
  };
}

/** The JSON line for one file: `file` and `valid` first, then the evidence. */
export function checkedFileJson(c: CheckedFile): Record<string, unknown> {
  if (c.error) return { file: c.file, valid: 'unknown', error: c.error };
  if (c.unknownReason !== undefined) {
    return { file: c.file, valid: 'unknown', format: c.format, reason: c.unknownReason };
  }
  if (c.listAppend) {
    const { valid, ...rest } = c.listAppend;
    return { file: c.file, valid, format: c.format, model: c.model, ...rest };
  }
  const r = c.result;
  return {
    file: c.file,
    valid: r?.valid ?? 'unknown',
    format: c.format,
    ...(r && capPartitions(r)),
    ...(c.warnings.length > 0 ? { warnings: c.warnings } : {}),
  };
}

function printHuman(c: CheckedFile): void {
  for (const w of c.warnings) console.error(`warning: ${w.file}:${w.line}: ${w.message}`);
  if (c.error) {
    console.error(`redcheck check: ${c.error.message}`);
    if (c.error.fix) console.error(`  fix: ${c.error.fix}`);
    return;
  }
  if (c.unknownReason !== undefined) {
    console.log(`${c.file}: unknown: ${c.unknownReason}; nothing to check`);
    return;
  }
  if (c.listAppend) {
    const [head = '', ...rest] = explainListAppend(c.listAppend).split('\n');
    console.log(`${c.file}: ${head} [${formatDuration(c.listAppend.elapsedMs)}]`);
    for (const line of rest) console.log(`  ${line}`);
    return;
  }
  const r = c.result;
  if (!r) return;
  const [head = '', ...rest] = explainLinearizability(r).split('\n');
  console.log(`${c.file}: ${head} [${formatDuration(r.elapsedMs)}]`);
  for (const line of rest) console.log(`  ${line}`);
}

type WriteCheckReport = (out: string, files: CheckedFile[]) => Promise<unknown>;

async function loadReportWriter(): Promise<WriteCheckReport> {
  // A variable specifier: the report module is optional at build time.
  const specifier = '../../../reports/checkReport.js';
  let mod: unknown;
  try {
    mod = await import(specifier);
  } catch (e) {
    throw new RedcheckError(
      'E_REPORT_UNAVAILABLE',
      `--report is not available: cannot load reports/checkReport (${errorMessage(e).split('\n')[0]})`,
      'run without --report',
    );
  }
  const fn = (mod as { writeCheckReport?: unknown }).writeCheckReport;
  if (typeof fn !== 'function') {
    throw new RedcheckError(
      'E_REPORT_UNAVAILABLE',
      '--report is not available: reports/checkReport has no writeCheckReport',
      'run without --report',
    );
  }
  return fn as WriteCheckReport;
}

/** Whether `path` is a run folder (`redcheck run`'s output) rather than a history file. */
function isRunDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * `redcheck check <run-dir>`: every checker of the run again, from its stored files alone,
 * and whether the verdict is the one the run stored.
 */
async function checkRunDirs(o: CheckOptions): Promise<number> {
  const verdicts: Validity[] = [];
  // The runner (and through it Docker's and Redis's clients) only for a run folder.
  const { recheckRun } = await import('../../runner/recheckRun.js');
  for (const dir of o.files) {
    const r = await recheckRun(dir);
    verdicts.push(r.derived.valid);
    if (o.json) {
      console.log(
        JSON.stringify({
          dir: r.dir,
          run: r.run,
          valid: r.derived.valid,
          storedValid: r.stored.valid,
          same: r.differences.length === 0,
          differences: r.differences,
          checkers: r.derived.checkers,
          ...(r.causes === undefined ? {} : { causes: r.causes }),
          ...(r.probe === undefined ? {} : { probe: r.probe }),
          causeDifferences: r.causeDifferences,
        }),
      );
      continue;
    }
    const same = r.differences.length === 0;
    console.log(
      `${dir}: run ${r.run}: valid ${String(r.derived.valid)} (re-derived from the stored files; ${same ? 'the same verdict as the run stored' : 'NOT the verdict the run stored'})`,
    );
    for (const line of r.derived.summary) console.log(`  ${line}`);
    for (const d of r.differences) console.log(`  differs: ${d}`);
    const causes = causesText(r);
    if (causes !== undefined) console.log(`  ${causes} (re-derived)`);
    if (r.probe?.minorityAckMs !== undefined)
      console.log(`  minority window (probe): ${r.probe.minorityAckMs} ms (re-derived)`);
    for (const d of r.causeDifferences) console.log(`  causes differ: ${d}`);
  }
  return exitCodeFor(mergeValidity(verdicts));
}

/** Run `redcheck check` with resolved options; resolves to the exit code. */
export async function runCheck(o: CheckOptions): Promise<number> {
  const dirs = o.files.filter(isRunDir);
  if (dirs.length > 0) {
    if (dirs.length !== o.files.length || o.model !== undefined) {
      throw usageError(
        'give either run folders (checked again with their own checkers) or history files with --model, not both',
      );
    }
    const writeRunsReport = o.report !== undefined ? await loadReportWriter() : undefined;
    const code = await checkRunDirs(o);
    // The report reads each run through the store and draws its linearizable result's lanes.
    if (writeRunsReport && o.report !== undefined) {
      await writeRunsReport(
        o.report,
        dirs.map((file) => ({ file, warnings: [] })),
      );
    }
    return code;
  }
  if (o.report !== undefined) checkWritableFile(o.report, '--report');
  const writeReport = o.report !== undefined ? await loadReportWriter() : undefined;
  const checked: CheckedFile[] = [];
  for (const file of o.files) {
    const c = await checkFile(file, o);
    if (o.json) console.log(JSON.stringify(checkedFileJson(c)));
    else printHuman(c);
    // Keep the history for the report only.
    checked.push(writeReport ? c : { ...c, ops: undefined });
  }
  if (writeReport && o.report !== undefined) {
    await writeReport(o.report, checked).catch((e: unknown) => {
      throw asOutputError(e, '--report');
    });
  }
  if (checked.some((c) => c.error)) return EXIT_ERROR;
  const verdicts: Validity[] = checked.map(
    (c) => c.result?.valid ?? c.listAppend?.valid ?? 'unknown',
  );
  return exitCodeFor(mergeValidity(verdicts));
}

export const checkCommand: Command = {
  name: 'check',
  usage: USAGE,
  run: (argv) => runCheck(parseCheckArgs(argv)),
};
