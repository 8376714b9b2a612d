/**
 * Checking one history file for `redcheck check`: the model chosen from `--model` or the
 * ops, read whole (the history kept, for the report) or streamed (files of STREAM_FROM_BYTES
 * and more, or `--stream`: memory grows with the ops, not the file), and the user errors
 * that stop it, named by file and line.
 */
import { statSync } from 'node:fs';
import { isGzipFile } from '../history/fileText.js';
import {
  checkLinearizability,
  checkLinearizabilityStreamed,
  MODEL_NAMES,
  type LinearizabilityResult,
  type ModelOptions,
} from '../checker/linearizability/index.js';
import {
  checkListAppendFile,
  isTxnHistory,
  LIST_APPEND_MODEL,
  loadTxnHistory,
  type ConsistencyModel,
  type ListAppendResult,
} from '../checker/elle/index.js';
import { isRedcheckError, RedcheckError } from '../errors.js';
import type { HistoryWarning } from '../history/jsonl.js';
import {
  loadHistory,
  type HistoryFormat,
  type HistoryFormatOption,
  type LoadedHistory,
} from '../history/load.js';
import { isClientOp, type History, type Op } from '../history/op.js';

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
    // A gzip history holds about eight times its size in text.
    const factor = isGzipFile(file) ? 8 : 1;
    return statSync(file).size * factor >= STREAM_FROM_BYTES;
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

/** Check one history file; a user error becomes the outcome's `error`, never a throw. */
export async function checkFile(file: string, o: CheckOptions): Promise<CheckedFile> {
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
