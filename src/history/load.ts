/**
 * Load a history file in any format redcheck reads: its own `history.jsonl`, Jepsen's
 * `history.edn`, and the two formats of Porcupine's test data. `auto` tells them apart by
 * content (the first significant line), never by file name alone.
 */
import { RedcheckError } from '../errors.js';
import { fileTextChunks, type FileTextOptions } from './fileText.js';
import { parseJepsenEdn } from './jepsen.js';
import { decodeJsonlBatches, parseHistoryJsonl, type HistoryWarning } from './jsonl.js';
import type { History, Op } from './op.js';
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
  /** The 1-based line of the op with this index, when the reader knows it. */
  lineOf?: (index: number) => number | undefined;
}

/** Op index -> line, 4 bytes an op. */
class OpLines {
  private lines = new Int32Array(1024);
  readonly record = (index: number, line: number): void => {
    if (index >= this.lines.length) {
      const grown = new Int32Array(Math.max(index + 1, this.lines.length * 2));
      grown.set(this.lines);
      this.lines = grown;
    }
    this.lines[index] = line;
  };
  readonly lineOf = (index: number): number | undefined => {
    const line = this.lines[index];
    return line === undefined || line === 0 ? undefined : line;
  };
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

/** The history text as a string: the formats other than jsonl are read whole. */
const MAX_TEXT_LENGTH = 256 * 1024 * 1024;

function undetected(file: string, text: string): RedcheckError {
  const first =
    text
      .replace(/^\ufeff/, '')
      .trimStart()
      .split('\n', 1)[0] ?? '';
  return new RedcheckError(
    'E_UNKNOWN_FORMAT',
    `${file}:1: cannot tell the history format from ${JSON.stringify(first.slice(0, 60))}; known formats: ${HISTORY_FORMATS.join(', ')}`,
    `pass --format with one of: ${FORMAT_HELP}`,
  );
}

/**
 * Parse a whole text as one of the formats read in one piece, checking the history's rules
 * (`HistoryRules`) and collecting warnings.
 */
function parseWhole(
  text: string,
  file: string,
  format: Exclude<HistoryFormat, 'jsonl'>,
  warnings: HistoryWarning[],
  lines?: OpLines,
): History {
  const o = {
    rules: true,
    onWarning: (w: HistoryWarning) => warnings.push(w),
    ...(lines ? { onOpLine: lines.record } : {}),
  };
  switch (format) {
    case 'edn':
      return parseJepsenEdn(text, file, o);
    case 'porcupine-etcd':
      return parsePorcupineEtcdLog(text, file, o);
    case 'porcupine-kv':
      return parsePorcupineKv(text, file, o);
  }
}

/** Parse history text already in memory as `format` (`auto`: detect it). */
export async function parseHistoryText(
  text: string,
  file: string,
  format: HistoryFormatOption = 'auto',
): Promise<LoadedHistory> {
  const resolved = format === 'auto' ? detectHistoryFormat(text) : format;
  if (resolved === undefined) throw undetected(file, text);
  const warnings: HistoryWarning[] = [];
  const ops =
    resolved === 'jsonl'
      ? await parseHistoryJsonl(text, file, { rules: true, onWarning: (w) => warnings.push(w) })
      : parseWhole(text, file, resolved, warnings);
  return { file, format: resolved, ops, warnings };
}

export interface LoadHistoryOptions extends FileTextOptions {
  /** Called for each op as it is read (jsonl streams: the op is not kept unless `keep`). */
  onOp?: (op: Op) => void;
  /** Keep the ops in the result. Default true; false reads in constant memory (jsonl). */
  keep?: boolean;
  /** Called once the format is known, before the first op. */
  onFormat?: (format: HistoryFormat) => void;
}

/**
 * Read and parse a history file. A jsonl history is streamed: memory grows with the ops kept,
 * not with the file; the other formats are read as one text (up to 256 Mi characters).
 * Throws RedcheckError: `E_HISTORY_UNREADABLE` (missing, unreadable or too large a file, a
 * FIFO with no writer), `E_UNKNOWN_FORMAT` (bad `format`, or `auto` cannot tell),
 * `E_HISTORY_MALFORMED` (with file, line, column and what was expected), `E_HISTORY_INVALID`
 * (a completion with no pending invoke or of another `f`, at its line).
 */
export async function loadHistory(
  file: string,
  format: string = 'auto',
  options: LoadHistoryOptions = {},
): Promise<LoadedHistory> {
  const checked = parseHistoryFormat(format);
  const chunks = fileTextChunks(file, options);
  // Enough of the start to tell the format: the first line with something on it.
  const head: string[] = [];
  let headText = '';
  let resolved: HistoryFormat | undefined = checked === 'auto' ? undefined : checked;
  while (resolved === undefined) {
    const next = await chunks.next();
    if (next.done) break;
    head.push(next.value);
    headText += next.value;
    if (/\S[^\n]*\n/.test(headText) || headText.length > 1 << 20) {
      resolved = detectHistoryFormat(headText);
      if (resolved === undefined) throw undetected(file, headText);
    }
  }
  if (resolved === undefined) resolved = detectHistoryFormat(headText);
  if (resolved === undefined) throw undetected(file, headText);
  options.onFormat?.(resolved);
  const all = (async function* () {
    yield* head;
    yield* chunks;
  })();
  const warnings: HistoryWarning[] = [];
  const keep = options.keep ?? true;
  const ops: Op[] = [];
  // Lines of kept ops, for errors a checker raises about an op later.
  const lines = keep ? new OpLines() : undefined;
  const lineOf = lines ? { lineOf: lines.lineOf } : {};
  if (resolved === 'jsonl') {
    const batches = decodeJsonlBatches(all, file, {
      rules: true,
      onWarning: (w) => warnings.push(w),
      ...(lines ? { onOpLine: lines.record } : {}),
    });
    const onOp = options.onOp;
    for await (const batch of batches) {
      if (onOp) for (const op of batch) onOp(op);
      if (keep) for (const op of batch) ops.push(op);
    }
    return { file, format: resolved, ops, warnings, ...lineOf };
  }
  const parts: string[] = [];
  let length = 0;
  for await (const chunk of all) {
    length += chunk.length;
    if (length > MAX_TEXT_LENGTH) {
      throw new RedcheckError(
        'E_HISTORY_UNREADABLE',
        `cannot read history ${file}: a ${resolved} history is read whole, and this one is over ${MAX_TEXT_LENGTH / 1024 / 1024} Mi characters`,
        'convert it to jsonl (redcheck export), which is read as a stream, or split it',
      );
    }
    parts.push(chunk);
  }
  const whole = parseWhole(parts.join(''), file, resolved, warnings, lines);
  for (const op of whole) options.onOp?.(op);
  return { file, format: resolved, ops: keep ? whole : [], warnings, ...lineOf };
}
