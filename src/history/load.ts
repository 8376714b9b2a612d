/**
 * Load a history file in any format redcheck reads: its own `history.jsonl`, Jepsen's
 * `history.edn`, and the two formats of Porcupine's test data. `auto` tells them apart by
 * content (the first significant line), never by file name alone.
 */
import { readFile } from 'node:fs/promises';
import { RedcheckError } from '../errors.js';
import { parseJepsenEdn } from './jepsen.js';
import { parseHistoryJsonl, unreadableHistory, type HistoryWarning } from './jsonl.js';
import type { History } from './op.js';
import { parsePorcupineEtcdLog, parsePorcupineKv } from './porcupine.js';

/** The concrete formats, in the order `--format` lists them. */
export const HISTORY_FORMATS = ['jsonl', 'edn', 'porcupine-etcd', 'porcupine-kv'] as const;
export type HistoryFormat = (typeof HISTORY_FORMATS)[number];
export type HistoryFormatOption = HistoryFormat | 'auto';

const FORMAT_HELP = `auto, ${HISTORY_FORMATS.join(', ')}`;

/** A loaded history: its ops in file order, the format it was read as, and tolerated problems. */
export interface LoadedHistory {
  file: string;
  format: HistoryFormat;
  ops: History;
  warnings: HistoryWarning[];
}

/** Validate a `--format` value; RedcheckError `E_UNKNOWN_FORMAT` listing the known ones. */
export function parseHistoryFormat(name: string): HistoryFormatOption {
  if (name === 'auto' || (HISTORY_FORMATS as readonly string[]).includes(name)) {
    return name as HistoryFormatOption;
  }
  throw new RedcheckError(
    'E_UNKNOWN_FORMAT',
    `unknown history format ${JSON.stringify(name)}; known formats: ${FORMAT_HELP}`,
    `pass --format with one of: ${FORMAT_HELP}`,
  );
}

const ETCD_LINE = /^\s*[A-Z]+\s+[\w.$-]+\s+-\s/;

/**
 * The format of a history text, judged by its first significant line, or undefined when it
 * looks like none of them. An empty text is `jsonl` (an empty history).
 */
export function detectHistoryFormat(text: string): HistoryFormat | undefined {
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const line = (nl === -1 ? text.slice(start) : text.slice(start, nl)).trim();
    if (line !== '') return detectFromLine(line);
    if (nl === -1) return 'jsonl';
    start = nl + 1;
  }
}

function detectFromLine(line: string): HistoryFormat | undefined {
  if (/^\{\s*"/.test(line) || line === '{}') return 'jsonl';
  if (ETCD_LINE.test(line)) return 'porcupine-etcd';
  if (/^\{\s*:/.test(line)) {
    // Porcupine's kv logs are flat maps with :key and no clock; Jepsen ops carry :time or :index.
    return /:key\s/.test(line) && !/:(time|index)\s/.test(line) ? 'porcupine-kv' : 'edn';
  }
  if (/^[[(;#]/.test(line)) return 'edn';
  return undefined;
}

/** Parse history text already in memory as `format` (`auto`: detect it). */
export async function parseHistoryText(
  text: string,
  file: string,
  format: HistoryFormatOption = 'auto',
): Promise<LoadedHistory> {
  const resolved = format === 'auto' ? detectHistoryFormat(text) : format;
  if (resolved === undefined) {
    const first = text.trimStart().split('\n', 1)[0] ?? '';
    throw new RedcheckError(
      'E_UNKNOWN_FORMAT',
      `${file}:1: cannot tell the history format from ${JSON.stringify(first.slice(0, 60))}; known formats: ${HISTORY_FORMATS.join(', ')}`,
      `pass --format with one of: ${FORMAT_HELP}`,
    );
  }
  const warnings: HistoryWarning[] = [];
  let ops: History;
  switch (resolved) {
    case 'jsonl':
      ops = await parseHistoryJsonl(text, file, { onWarning: (w) => warnings.push(w) });
      break;
    case 'edn':
      ops = parseJepsenEdn(text, file);
      break;
    case 'porcupine-etcd':
      ops = parsePorcupineEtcdLog(text, file);
      break;
    case 'porcupine-kv':
      ops = parsePorcupineKv(text, file);
      break;
  }
  return { file, format: resolved, ops, warnings };
}

/**
 * Read and parse a history file. Throws RedcheckError: `E_HISTORY_UNREADABLE` (missing or
 * unreadable file), `E_UNKNOWN_FORMAT` (bad `format`, or `auto` cannot tell),
 * `E_HISTORY_MALFORMED` (with file, line and what was expected).
 */
export async function loadHistory(file: string, format: string = 'auto'): Promise<LoadedHistory> {
  const checked = parseHistoryFormat(format);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw unreadableHistory(file, e);
  }
  return parseHistoryText(text, file, checked);
}
