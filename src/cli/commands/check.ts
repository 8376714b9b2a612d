import { statSync } from 'node:fs';
import { parseCommandArgs, usageError as commandUsageError } from '../parseCommandArgs.js';
import {
  capPartitions,
  checkLinearizability,
  checkLinearizabilityStreamed,
  explainLinearizability,
  MODEL_NAMES,
  MODELS_WITH_INIT,
  modelByName,
  type LinearizabilityResult,
  type ModelOptions,
  type RegisterValue,
} from '../../checker/linearizability/index.js';
import { mergeValidity, exitCodeFor, type Validity } from '../../checker/verdict.js';
import {
  checkListAppendFile,
  consistencyModelNamed,
  CONSISTENCY_MODELS,
  explainListAppend,
  isTxnHistory,
  LIST_APPEND_MODEL,
  loadTxnHistory,
  type ConsistencyModel,
  type ListAppendResult,
} from '../../checker/elle/index.js';
import { errorMessage, EXIT_ERROR, isRedcheckError, RedcheckError } from '../../errors.js';
import type { HistoryWarning } from '../../history/jsonl.js';
import {
  HISTORY_FORMATS,
  loadHistory,
  parseHistoryFormat,
  type HistoryFormat,
  type HistoryFormatOption,
  type LoadedHistory,
} from '../../history/load.js';
import { isClientOp, type History, type Op } from '../../history/op.js';
import type { Command } from '../command.js';
import { asOutputError, checkWritableFile } from '../../common/outputFile.js';
import { formatDuration, parseDuration } from '../../common/duration.js';

/** `redcheck check` options, resolved once from the command line. */
export interface CheckOptions {
  files: string[];
  format: HistoryFormatOption;
  /** A model name, or undefined to choose one per file from its ops. */
  model: string | undefined;
  timeLimitMs: number | undefined;
  /** `--init`: the register's initial value for every key, and per key. */
  init: ModelOptions;
  /** `--consistency-model` for list-append histories (default strict-serializable). */
  consistencyModel: ConsistencyModel | undefined;
  json: boolean;
  report: string | undefined;
  /** `--stream`: check without keeping the history in memory (default for large files). */
  stream: boolean;
}

/** Files from this size on are checked streamed (`--stream`): the ops are not kept. */
export const STREAM_FROM_BYTES = 64 * 1024 * 1024;

/** The outcome for one file: a verdict, or the user error that stopped it. */
export interface CheckedFile {
  file: string;
  format?: HistoryFormat;
  model?: string;
  /** The history as loaded (for the report); absent when the file could not be read. */
  ops?: History;
  warnings: HistoryWarning[];
  result?: LinearizabilityResult;
  /** The verdict of `--model list-append`. */
  listAppend?: ListAppendResult;
  error?: { code: string; message: string; fix?: string };
  /** Why the verdict is `unknown` without a check: the history has no client ops. */
  unknownReason?: string;
}

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
  --time-limit <d>   time budget per file, e.g. 500ms, 30s, 2m (default: none); past it the
                     verdict is "unknown"
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
    timeLimitMs:
      values['time-limit'] === undefined
        ? undefined
        : parseDuration(values['time-limit'], '--time-limit'),
    init,
    consistencyModel: cm === undefined ? undefined : consistencyModelNamed(cm),
    json: values.json ?? false,
    report: values.report,
    stream: values.stream ?? false,
  };
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

const KV_FS = new Set(['get', 'put', 'append']);
const REGISTER_FS = new Set(['read', 'write', 'cas']);

/** The model for a history when `--model` is not given: by format, then by the ops' `f`. */
export function defaultModel(format: HistoryFormat, ops: History, file: string): string {
  if (format === 'porcupine-etcd') return 'etcd';
  if (format === 'porcupine-kv') return 'kv';
  const fs = new Set<string>();
  for (const op of ops) if (isClientOp(op)) fs.add(op.f);
  if (isTxnHistory(ops)) return LIST_APPEND_MODEL;
  if ([...fs].some((f) => KV_FS.has(f))) return 'kv';
  if ([...fs].every((f) => REGISTER_FS.has(f))) return 'cas-register';
  throw new RedcheckError(
    'E_MODEL_UNDETECTED',
    `${file}: cannot choose a model for ops with f = ${[...fs].sort().join(', ')}`,
    `pass --model with one of: ${MODEL_NAMES.join(', ')}`,
  );
}

/** `--model list-append`: read the file with its own reader (Elle's EDN and jsonl) and check it. */
async function checkListAppendInto(
  out: CheckedFile,
  o: CheckOptions,
  format: string,
): Promise<CheckedFile> {
  const preloaded = out.ops ? { ops: out.ops, warnings: out.warnings } : undefined;
  const { loaded, result } = await checkListAppendFile(
    out.file,
    format,
    { ...(o.consistencyModel ? { consistencyModel: o.consistencyModel } : {}) },
    preloaded,
  );
  out.format = loaded.format;
  out.model = LIST_APPEND_MODEL;
  out.ops = loaded.ops;
  out.warnings = loaded.warnings;
  out.listAppend = result;
  return out;
}

/** Whether a file is checked streamed: `--stream`, or a file of STREAM_FROM_BYTES or more. */
function streams(file: string, o: CheckOptions): boolean {
  if (o.stream) return true;
  try {
    return statSync(file).size >= STREAM_FROM_BYTES;
  } catch {
    return false; // the reader names what is wrong with the file
  }
}

/** Thrown to stop reading once the first client op is seen. */
class FirstOpSeen extends Error {
  constructor(readonly op: Op) {
    super('first client op seen');
  }
}

/** The format of a history and its first client op, reading no further than that op. */
async function firstClientOp(
  file: string,
  format: HistoryFormatOption,
): Promise<{ format: HistoryFormat; op: Op | undefined }> {
  let resolved: HistoryFormat | undefined;
  try {
    const loaded = await loadHistory(file, format, {
      keep: false,
      onFormat: (f) => (resolved = f),
      onOp: (op) => {
        if (isClientOp(op)) throw new FirstOpSeen(op);
      },
    });
    return { format: loaded.format, op: undefined };
  } catch (e) {
    if (!(e instanceof FirstOpSeen) || resolved === undefined) throw e;
    return { format: resolved, op: e.op };
  }
}

/**
 * Check a history without keeping it: the model from `--model` or the first client op, the
 * events streamed into the checker (`checkLinearizabilityStreamed`). Undefined when it must
 * be checked in memory after all: with no --model, a history whose start is not an op the
 * readers know (Elle's transactions without :process), which the check in memory retries.
 */
async function checkFileStreamed(
  out: CheckedFile,
  o: CheckOptions,
): Promise<CheckedFile | undefined> {
  const { file } = out;
  const first = await firstClientOp(file, o.format).catch((e: unknown) => {
    // Elle's histories may leave out :process and :f: the check in memory knows them.
    if (o.model === undefined && isRedcheckError(e) && e.code === 'E_HISTORY_MALFORMED') {
      return undefined;
    }
    throw e;
  });
  if (first === undefined) return undefined;
  out.format = first.format;
  const model = o.model ?? (first.op && defaultModel(first.format, [first.op], file));
  // list-append keeps its transactions: it reads the file itself
  if (model === LIST_APPEND_MODEL) return checkListAppendInto(out, o, first.format);
  let events = 0;
  let reads = 0;
  const result = await checkLinearizabilityStreamed(
    async (onOp) => {
      const pass = ++reads;
      const loaded = await loadHistory(file, first.format, {
        keep: false,
        onOp: pass === 1 ? (op) => (events++, onOp(op)) : onOp,
      });
      if (pass === 1) out.warnings = loaded.warnings;
    },
    {
      model: model ?? 'cas-register',
      ...o.init,
      verbose: true,
      ...(o.timeLimitMs !== undefined ? { timeLimitMs: o.timeLimitMs } : {}),
    },
  );
  if (model === undefined || result.opCount === 0) {
    out.unknownReason =
      events === 0
        ? 'the history is empty'
        : `the history has no client operations (${events} nemesis or final-read events only)`;
    return out;
  }
  out.model = model;
  out.result = result;
  return out;
}

async function checkFile(file: string, o: CheckOptions): Promise<CheckedFile> {
  const out: CheckedFile = { file, warnings: [] };
  let lineOf: ((index: number) => number | undefined) | undefined;
  try {
    if (o.model === LIST_APPEND_MODEL) return await checkListAppendInto(out, o, o.format);
    const streamed = streams(file, o) ? await checkFileStreamed(out, o) : undefined;
    if (streamed) return streamed;
    const loaded: LoadedHistory = await loadHistory(file, o.format).catch(async (e: unknown) => {
      // Elle's example histories leave out :process and :f; the list-append reader takes them.
      if (o.model !== undefined || !isRedcheckError(e) || e.code !== 'E_HISTORY_MALFORMED') throw e;
      const la = await loadTxnHistory(file, o.format).catch(() => undefined);
      if (!la || !isTxnHistory(la.ops)) throw e;
      return { file, format: la.format, ops: la.ops, warnings: la.warnings };
    });
    lineOf = loaded.lineOf;
    out.format = loaded.format;
    out.ops = loaded.ops;
    out.warnings = loaded.warnings;
    // Nothing to check is not "linearizable": say so, as unknown.
    if (!loaded.ops.some(isClientOp)) {
      out.unknownReason =
        loaded.ops.length === 0
          ? 'the history is empty'
          : `the history has no client operations (${loaded.ops.length} nemesis or final-read events only)`;
      return out;
    }
    out.model = o.model ?? defaultModel(loaded.format, loaded.ops, file);
    // Read again only for a malformed transaction, to name its line.
    if (out.model === LIST_APPEND_MODEL) return await checkListAppendInto(out, o, loaded.format);
    out.result = await checkLinearizability(loaded.ops, {
      model: out.model,
      ...o.init,
      verbose: true,
      ...(o.timeLimitMs !== undefined ? { timeLimitMs: o.timeLimitMs } : {}),
    });
  } catch (e) {
    if (!isRedcheckError(e)) throw e;
    // Messages from the readers start with `file:line`; name the file on the others, and the
    // line of the op a checker names by its history index.
    const index = /\bhistory index (\d+)\b/.exec(e.message)?.[1];
    const line = index !== undefined ? lineOf?.(Number(index)) : undefined;
    const message = e.message.startsWith(file)
      ? e.message
      : `${file}:${line !== undefined ? `${line}:` : ''} ${e.message}`;
    out.error = { code: e.code, message, ...(e.fix ? { fix: e.fix } : {}) };
  }
  return out;
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
