/**
 * Reading list-append histories with the line of every op, so a malformed transaction is
 * reported as `file:line: what was expected`. Two formats:
 *
 * - redcheck's `history.jsonl` (one op object per line; a truncated last line is ignored with
 *   a warning);
 * - Jepsen EDN: one vector (or list) of op maps, or one op map per top-level form (the layout
 *   Jepsen 0.3 and Elle's command line tool read), maps possibly tagged `#jepsen.history.Op`.
 *   `[:append k v]` becomes `["append", k, v]`, keywords become their names. An op without
 *   `:process` is taken as process 0 and one without `:f` as a txn, as in Elle's examples.
 */
import { RedcheckError } from '../../errors.js';
import {
  EdnKeyword,
  EdnList,
  EdnSymbol,
  EdnTagged,
  kw,
  printEdn,
  readEdnForms,
  type EdnMap,
  type EdnValue,
} from '../../history/edn.js';
import { ednToJson } from '../../history/jepsen.js';
import { readHistoryText } from '../../history/fileText.js';
import type { HistoryWarning } from '../../history/jsonl.js';
import { detectHistoryFormat } from '../../history/load.js';
import type { History, Op, OpType } from '../../history/op.js';
import { malformedHistory, opFromJson } from '../../history/opFromJson.js';
import { TXN_F, txnProblem } from './txn.js';

/** The formats a list-append history is read from. */
export type TxnHistoryFormat = 'jsonl' | 'edn';

export interface LoadedTxnHistory {
  file: string;
  format: TxnHistoryFormat;
  ops: History;
  /** The line each op starts on, by position (empty when the ops came from another reader). */
  lines: number[];
  warnings: HistoryWarning[];
}

const TXN_FIX =
  'each txn op is {:f :txn, :value [[:append k v] [:r k nil]]} in EDN, or {"f": "txn", "value": [["append", k, v], ["r", k, null]]} in jsonl';

function checkTxn(op: Op, file: string, line: number): void {
  if (op.f !== TXN_F || typeof op.process !== 'number') return;
  const problem = txnProblem(op.value);
  if (problem !== undefined) throw malformedHistory({ file, line }, problem, TXN_FIX);
}

/** Parse a redcheck `history.jsonl` text, checking every transaction. */
export function parseTxnJsonl(text: string, file: string): LoadedTxnHistory {
  const ops: Op[] = [];
  const lines: number[] = [];
  const warnings: HistoryWarning[] = [];
  const rows = text.split('\n');
  rows.forEach((row, i) => {
    const raw = row.endsWith('\r') ? row.slice(0, -1) : row;
    if (raw.trim() === '') return;
    const line = i + 1;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      if (i === rows.length - 1) {
        warnings.push({
          file,
          line,
          message: `ignored a truncated last line (${raw.length} bytes, no newline, not valid JSON)`,
        });
        return;
      }
      throw malformedHistory(
        { file, line },
        `expected one JSON op object, ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    const op = opFromJson(json, ops.length, { file, line });
    checkTxn(op, file, line);
    ops.push(op);
    lines.push(line);
  });
  return { file, format: 'jsonl', ops, lines, warnings };
}

const K = {
  type: kw('type'),
  process: kw('process'),
  f: kw('f'),
  value: kw('value'),
  time: kw('time'),
  error: kw('error'),
  node: kw('node'),
};
const TYPES = new Set(['invoke', 'ok', 'fail', 'info']);

function untag(v: EdnValue): EdnValue {
  while (v instanceof EdnTagged) v = v.value;
  return v;
}

function nameOf(v: EdnValue | undefined): string | undefined {
  const u = v === undefined ? undefined : untag(v);
  if (u instanceof EdnKeyword || u instanceof EdnSymbol) return u.name;
  if (typeof u === 'string') return u;
  return undefined;
}

/** Parse a Jepsen EDN list-append history, checking every transaction. */
export function parseTxnEdn(text: string, file: string): LoadedTxnHistory {
  const itemLines = new WeakMap<object, number[]>();
  const forms = readEdnForms(text, { file, itemLines });
  let items: { value: EdnValue; line: number }[] = forms;
  const first = forms[0];
  if (forms.length === 1 && first) {
    const v = untag(first.value);
    if (Array.isArray(v) || v instanceof EdnList) {
      const seq = Array.isArray(v) ? v : v.items;
      const starts = itemLines.get(v) ?? [];
      items = seq.map((value, i) => ({ value, line: starts[i] ?? first.line }));
    }
  }
  const ops: Op[] = [];
  const lines: number[] = [];
  for (const { value, line } of items) {
    const m = untag(value);
    const bad = (problem: string): RedcheckError =>
      malformedHistory({ file, line }, problem, TXN_FIX);
    if (!(m instanceof Map)) {
      throw bad(
        `expected an op map {:type :invoke, :f :txn, :value [...], :process 0}, found ${printEdn(m).slice(0, 60)}`,
      );
    }
    const map: EdnMap = m;
    const field = (k: EdnKeyword): string => printEdn(map.get(k) ?? null).slice(0, 60);
    const type = nameOf(map.get(K.type));
    if (type === undefined || !TYPES.has(type))
      throw bad(`:type: expected one of :invoke, :ok, :fail, :info, found ${field(K.type)}`);
    const rawProc = untag(map.get(K.process) ?? null);
    let process: Op['process'];
    // Elle's own example histories leave out :process (one client) and :f (every op a txn).
    if (!map.has(K.process)) process = 0;
    else if (typeof rawProc === 'number' && Number.isInteger(rawProc)) process = rawProc;
    else if (nameOf(rawProc) === 'nemesis') process = 'nemesis';
    else throw bad(`:process: expected an integer or :nemesis, found ${field(K.process)}`);
    const f = map.has(K.f) ? nameOf(map.get(K.f)) : TXN_F;
    if (f === undefined || f === '')
      throw bad(`:f: expected a keyword such as :txn, found ${field(K.f)}`);
    const rawTime = untag(map.get(K.time) ?? null);
    if (rawTime !== null && (typeof rawTime !== 'number' || !Number.isFinite(rawTime))) {
      throw bad(`:time: expected a number (ns), found ${field(K.time)}`);
    }
    const op: Op = {
      index: ops.length,
      time: typeof rawTime === 'number' ? rawTime : ops.length,
      process,
      type: type as OpType,
      f,
      value: ednToJson(map.get(K.value) ?? null),
    };
    const error = untag(map.get(K.error) ?? null);
    if (error !== null) op.error = nameOf(error) ?? printEdn(error);
    const node = untag(map.get(K.node) ?? null);
    if (node !== null) op.node = nameOf(node) ?? printEdn(node);
    checkTxn(op, file, line);
    ops.push(op);
    lines.push(line);
  }
  return { file, format: 'edn', ops, lines, warnings: [] };
}

/** Parse list-append history text as `format` (`auto`: by its first significant line). */
export function parseTxnHistoryText(text: string, file: string, format = 'auto'): LoadedTxnHistory {
  const resolved = format === 'auto' ? detectHistoryFormat(text) : format;
  if (resolved === 'jsonl') return parseTxnJsonl(text, file);
  if (resolved === 'edn') return parseTxnEdn(text, file);
  throw new RedcheckError(
    'E_UNKNOWN_FORMAT',
    `${file}:1: a list-append history is jsonl or Jepsen EDN, not ${resolved ?? 'an unrecognised format'}`,
    'pass --format jsonl or --format edn',
  );
}

/** Read a list-append history file. RedcheckError: unreadable, unknown format, malformed (file:line). */
export async function loadTxnHistory(file: string, format = 'auto'): Promise<LoadedTxnHistory> {
  // Plain or gzip (by its magic bytes); E_HISTORY_UNREADABLE when it cannot be read.
  const text = await readHistoryText(file);
  return parseTxnHistoryText(text, file, format);
}
