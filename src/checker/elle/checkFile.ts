/** `redcheck check --model list-append`: load a file, check it, say what was found. */
import { isRedcheckError } from '../../errors.js';
import type { HistoryWarning } from '../../history/jsonl.js';
import type { Op } from '../../history/op.js';
import type { ConsistencyModel } from './anomalies.js';
import { checkListAppend, type ListAppendOptions } from './checkListAppend.js';
import { loadTxnHistory, type LoadedTxnHistory } from './loadTxnHistory.js';
import type { ListAppendResult } from './result.js';
import { TXN_F } from './txn.js';

/** The `--model` name of the list-append checker. */
export const LIST_APPEND_MODEL = 'list-append';

/** Whether a history is a list-append one: it has client ops and all of them are `txn`. */
export function isTxnHistory(ops: readonly Op[]): boolean {
  let any = false;
  for (const op of ops) {
    if (typeof op.process !== 'number') continue;
    if (op.f !== TXN_F) return false;
    any = true;
  }
  return any;
}

/**
 * Load and check one list-append history file (RedcheckError for a bad file, with file:line).
 * With `preloaded` (the file already read by the generic reader) the file is read again only
 * when a transaction is malformed, to name its line.
 */
export async function checkListAppendFile(
  file: string,
  format: string,
  options: ListAppendOptions,
  preloaded?: { ops: Op[]; warnings: HistoryWarning[] },
): Promise<{ loaded: LoadedTxnHistory; result: ListAppendResult }> {
  if (preloaded) {
    try {
      const result = checkListAppend(preloaded.ops, options);
      const fmt = format === 'edn' ? 'edn' : 'jsonl';
      return { loaded: { file, format: fmt, lines: [], ...preloaded }, result };
    } catch (e) {
      if (!isRedcheckError(e) || e.code !== 'E_HISTORY_MALFORMED') throw e;
    }
  }
  const loaded = await loadTxnHistory(file, format);
  return { loaded, result: checkListAppend(loaded.ops, options) };
}

/** A verdict in a few lines: the head line, then counts by type and the explanations. */
export function explainListAppend(r: ListAppendResult): string {
  const model: ConsistencyModel = r.consistencyModel;
  const n = r.stats.txns;
  const size = `${n.ok} ok, ${n.info} info, ${n.fail} failed transactions`;
  const lines: string[] = [];
  if (r.valid === true) lines.push(`valid under ${model} (${size})`);
  else if (r.valid === false) {
    const types = r.anomalyTypes.map((t) => `${t} x${r.counts[t] ?? 0}`).join(', ');
    lines.push(`NOT ${model}: ${types} (${size})`);
  } else {
    lines.push(`unknown under ${model}: ${r.reason ?? r.error ?? 'undecided'} (${size})`);
  }
  for (const e of r.explanations) lines.push(e);
  const allowed = Object.entries(r.allowed);
  if (allowed.length > 0) {
    lines.push(`allowed by ${model}: ${allowed.map(([t, c]) => `${t} x${c}`).join(', ')}`);
  }
  if (r.impossibleModels.length > 0) lines.push(`ruled out: ${r.impossibleModels.join(', ')}`);
  const u = r.unobservedAppends;
  if (u.lost > 0) lines.push(`${u.lost} acknowledged appends missing from later reads`);
  return lines.join('\n');
}
