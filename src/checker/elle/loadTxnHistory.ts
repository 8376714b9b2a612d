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
import { parseJepsenEdn } from '../../history/jepsen.js';
import { readHistoryText } from '../../history/fileText.js';
import type { HistoryWarning } from '../../history/jsonl.js';
import { detectHistoryFormat } from '../../history/load.js';
import type { History, Op } from '../../history/op.js';
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

/** Parse a Jepsen EDN list-append history, checking every transaction. */
export function parseTxnEdn(text: string, file: string): LoadedTxnHistory {
  const lines: number[] = [];
  const ops = parseJepsenEdn(text, file, {
    keyed: false,
    // Elle's own example histories leave out :process (one client) and :f (every op a txn).
    defaults: { process: 0, f: TXN_F },
    fix: TXN_FIX,
    onOpLine: (_, line) => lines.push(line),
  });
  ops.forEach((op, i) => checkTxn(op, file, lines[i] ?? 1));
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
